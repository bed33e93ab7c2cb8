package dev.keyport.writer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A writer to kill: updates the two files given as arguments and stops dead right after writing its temp files,
 * before renaming them, saying so on stdout. The test that runs it then sends SIGKILL, as a crash would.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) {
        Path credentials = Path.of(args[0]);
        Path config = Path.of(args[1]);
        new LockedFileUpdater(Duration.ofSeconds(10), attempt -> {
            System.out.println("temp files written");
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).updateAll(List.of(credentials, config), texts -> List.of(texts.get(0) + "[new]\nk = 1\n",
                texts.get(1) + "[profile new]\nregion = eu-west-1\n"));
    }
}
