package dev.keyport.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** An impostor daemon of another user on a Unix socket: records what it hears, answers with fake keys. */
public final class ImpostorDaemon {
    private ImpostorDaemon() {
    }

    private static final String SCRIPT = """
            import os, socket, sys
            path, heard = sys.argv[1], sys.argv[2]
            s = socket.socket(socket.AF_UNIX)
            s.bind(path)
            os.chmod(path, 0o777)
            s.listen(5)
            print('listening', flush=True)
            while True:
                c, _ = s.accept()
                c.settimeout(5)
                data = b''
                try:
                    data = c.recv(65536)
                except Exception:
                    pass
                with open(heard, 'ab') as f:
                    f.write(data)
                body = b'{"Version":1,"AccessKeyId":"ASIAFAKEFAKEFAKE","SecretAccessKey":"x","SessionToken":"y"}'
                try:
                    c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n' % len(body) + body)
                except Exception:
                    pass
                c.close()
            """;

    public static Process start(Path socket, Path heard) throws IOException {
        return OtherUser.process(List.of("/usr/bin/python3", "-c", SCRIPT, socket.toString(), heard.toString()))
                .redirectErrorStream(true).start();
    }

    /** Waits until the impostor says it listens (it prints one line then). */
    public static void awaitListening(Process impostor) throws IOException {
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(impostor.getInputStream()))
                .readLine();
        if (!"listening".equals(line)) {
            throw new IllegalStateException("the impostor did not start: " + line);
        }
    }
}
