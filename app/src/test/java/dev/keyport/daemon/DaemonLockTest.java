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
        // python's lockf takes the same POSIX record lock the JDK uses on Linux.
        Process holder = new ProcessBuilder("python3", "-c",
                "import fcntl,sys; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()",
                file.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
            DaemonLock lock = new DaemonLock(new KeyportHome(home.toString()));
            DaemonLock.AlreadyRunningException refused = assertThrows(DaemonLock.AlreadyRunningException.class, lock::acquire);
            assertTrue(refused.getMessage().contains("pid 424242"), refused.getMessage());
            // Before start-up, in one line; a record that is a FIFO (which would block a read) is not read.
            Files.createDirectories(home);
            new ProcessBuilder("mkfifo", home.resolve("daemon.json").toString()).start().waitFor();
            assertEquals(Optional.of("Another Keyport daemon (pid 424242) is already running with KEYPORT_HOME="
                    + home + ". Stop it first, or give this one another KEYPORT_HOME."), DaemonLock.runningDaemon(home));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
    }

    /** A lock file others can open: any of them could hold it to keep the daemon from ever starting. */
    @Test
    void aLockFileOthersCanOpenIsReplacedNotObeyed() throws Exception {
        Path file = home.resolve(DaemonLock.FILE_NAME);
        Files.writeString(file, "1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Process holder = new ProcessBuilder("python3", "-c",
                "import fcntl,sys; f=open(sys.argv[1],'r'); fcntl.lockf(f, fcntl.LOCK_SH); print('locked', flush=True); sys.stdin.read()",
                file.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
            assertEquals(Optional.empty(), DaemonLock.runningDaemon(home), "no daemon is claimed to run");
            DaemonLock lock = new DaemonLock(new KeyportHome(home.toString()));
            lock.acquire();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file).trim());
            lock.release();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
    }
}
