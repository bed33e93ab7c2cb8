package dev.keyport.cli;

import dev.keyport.api.model.Diagnosis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPrivateTokenIsFineAndOneOthersCanReadIsAnErrorWithItsFix() throws Exception {
        Path token = dir.resolve("api-token");
        Files.writeString(token, "x");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Diagnosis.Severity.OK, DoctorCommand.token(token).severity());

        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r-----"));
        Diagnosis loose = DoctorCommand.token(token);
        assertEquals(Diagnosis.Severity.ERROR, loose.severity());
        assertTrue(loose.detail().contains("mode 0640"), loose.detail());
        assertTrue(loose.fix().startsWith("Restart the daemon as it is: at its start it replaces a token others could"
                + " read with a new one, private"), loose.fix());
    }

    @Test
    void aTokenThatIsALinkIsAnError() throws Exception {
        Path target = Files.writeString(dir.resolve("elsewhere"), "x");
        Path token = Files.createSymbolicLink(dir.resolve("api-token"), target);
        assertEquals(Diagnosis.Severity.ERROR, DoctorCommand.token(token).severity());
    }

    @Test
    void aMissingTokenOrHomeIsOnlyNews() {
        assertEquals(Diagnosis.Severity.INFO, DoctorCommand.token(dir.resolve("none")).severity());
        assertEquals(Diagnosis.Severity.INFO, DoctorCommand.home(dir.resolve("none")).severity());
    }

    @Test
    void aHomeOthersCanListIsAWarningAndOneTheyCanWriteAnError() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Diagnosis.Severity.OK, DoctorCommand.home(home).severity());

        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));
        Diagnosis listable = DoctorCommand.home(home);
        assertEquals(Diagnosis.Severity.WARNING, listable.severity());
        assertEquals("chmod 700 '" + home + "'", listable.fix());

        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwx---"));
        Diagnosis writable = DoctorCommand.home(home);
        assertEquals(Diagnosis.Severity.ERROR, writable.severity());
        assertTrue(writable.detail().contains("chmod go-w"), writable.detail());
    }
}
