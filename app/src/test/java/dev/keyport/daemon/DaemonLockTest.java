package dev.keyport.daemon;

import dev.keyport.testkit.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@IntegrationTest
class DaemonLockTest {
    @TempDir
    Path home;

    @Test
    void aSecondDaemonOnTheSameHomeIsRefusedWithTheHoldersPid() throws Exception {
        DaemonLock first = new DaemonLock(new KeyportHome(home.toString()));
        first.acquire();
        assertEquals(Long.toString(ProcessHandle.current().pid()),
                Files.readString(home.resolve(DaemonLock.FILE_NAME)).trim());

        DaemonLock second = new DaemonLock(new KeyportHome(home.toString()));
        DaemonLock.AlreadyRunningException refused = assertThrows(DaemonLock.AlreadyRunningException.class, second::acquire);
        assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
        assertTrue(refused.getMessage().contains(home.toString()), refused.getMessage());

        first.release();
        second.acquire();
        second.release();
    }

    @Test
    void aLockHeldByAnotherProcessIsSeen() throws Exception {
        Path file = home.resolve(DaemonLock.FILE_NAME);
        Files.writeString(file, "424242\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (LockHolder ignored = LockHolder.hold(file, "r+", "LOCK_EX")) {
            DaemonLock lock = new DaemonLock(new KeyportHome(home.toString()));
            DaemonLock.AlreadyRunningException refused = assertThrows(DaemonLock.AlreadyRunningException.class, lock::acquire);
            assertTrue(refused.getMessage().contains("pid 424242"), refused.getMessage());
            // Before start-up, in one line; a record that is a FIFO (which would block a read) is not read.
            Files.createDirectories(home);
            new ProcessBuilder("mkfifo", home.resolve("daemon.json").toString()).start().waitFor();
            assertEquals(Optional.of("Another Keyport daemon (pid 424242) is already running with KEYPORT_HOME="
                    + home + ". Stop it first, or give this one another KEYPORT_HOME."), DaemonLock.runningDaemon(home));
        }
    }

    /** A lock file others can open: any of them could hold it to keep the daemon from ever starting. */
    @Test
    void aLockFileOthersCanOpenIsReplacedNotObeyed() throws Exception {
        Path file = home.resolve(DaemonLock.FILE_NAME);
        Files.writeString(file, "1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (LockHolder ignored = LockHolder.hold(file, "r", "LOCK_SH")) {
            assertEquals(Optional.empty(), DaemonLock.runningDaemon(home), "no daemon is claimed to run");
            DaemonLock lock = new DaemonLock(new KeyportHome(home.toString()));
            lock.acquire();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file).trim());
            lock.release();
        }
    }

    /** Another process holding a lock on a file until closed; python's lockf takes the POSIX lock the JDK uses. */
    private record LockHolder(Process process) implements AutoCloseable {
        static LockHolder hold(Path file, String mode, String kind) throws Exception {
            Process holder = new ProcessBuilder("python3", "-c", "import fcntl,sys; f=open(sys.argv[1],sys.argv[2]);"
                    + " fcntl.lockf(f, getattr(fcntl, sys.argv[3])); print('locked', flush=True); sys.stdin.read()",
                    file.toString(), mode, kind).redirectErrorStream(true).start();
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
            return new LockHolder(holder);
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            process.waitFor();
        }
    }
}
