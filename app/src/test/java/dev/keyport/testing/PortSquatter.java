package dev.keyport.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** A process that grabbed a TCP port, counting who connects (null from {@link #on} when the port is taken). */
public final class PortSquatter implements AutoCloseable {
    public final int port;
    public final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;

    private PortSquatter(ServerSocket socket) {
        this.socket = socket;
        this.port = socket.getLocalPort();
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                } catch (SocketTimeoutException ignored) {
                    // keep listening
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    public static PortSquatter on(int port) {
        try {
            return new PortSquatter(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
