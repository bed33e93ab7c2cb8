package dev.keyport.diagnostics;

import dev.keyport.api.model.Diagnosis;
import dev.keyport.api.model.Diagnosis.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonDiagnosticsTest {
    static final URI STS = URI.create("https://sts.amazonaws.com/");
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aClockWithinAMinuteIsFineBeyondItAWarningAndBeyondFiveMinutesAnError() {
        assertEquals(Severity.OK, DaemonDiagnostics.skew(STS, Optional.of("Wed, 02 Dec 2026 12:00:30 GMT"), NOW)
                .severity());
        Diagnosis warning = DaemonDiagnostics.skew(STS, Optional.of("Wed, 02 Dec 2026 11:58:00 GMT"), NOW);
        assertEquals(Severity.WARNING, warning.severity());
        assertTrue(warning.detail().contains("120 s ahead of STS's"), warning.detail());
        Diagnosis error = DaemonDiagnostics.skew(STS, Optional.of("Wed, 02 Dec 2026 12:06:01 GMT"), NOW);
        assertEquals(Severity.ERROR, error.severity());
        assertTrue(error.detail().contains("361 s behind"), error.detail());
        assertTrue(error.fix().contains("timedatectl set-ntp true"), error.fix());
        assertEquals(Severity.WARNING, DaemonDiagnostics.skew(STS, Optional.empty(), NOW).severity());
        assertEquals(Severity.WARNING, DaemonDiagnostics.skew(STS, Optional.of("yesterday"), NOW).severity());
    }

    @Test
    void noDisplayIsAWarningThatSaysHowAServiceGetsOne() {
        assertEquals(Severity.OK, DaemonDiagnostics.display(Map.of("DISPLAY", ":0")).severity());
        assertEquals(Severity.OK, DaemonDiagnostics.display(Map.of("WAYLAND_DISPLAY", "wayland-0")).severity());
        Diagnosis none = DaemonDiagnostics.display(Map.of("DISPLAY", " "));
        assertEquals(Severity.WARNING, none.severity());
        assertTrue(none.fix().contains("systemctl --user import-environment DISPLAY"), none.fix());
    }

    @Test
    void aProxyGivenOnlyInTheEnvironmentIsAWarningWithTheJavaSettingsThatUseIt() {
        List<Diagnosis> unused = DaemonDiagnostics.proxy(Map.of("HTTPS_PROXY", "http://proxy.corp:3128"),
                new Properties());
        assertEquals(Severity.WARNING, unused.get(0).severity());
        assertTrue(unused.get(0).fix().contains("-Dhttps.proxyHost=proxy.corp -Dhttps.proxyPort=3128"),
                unused.get(0).fix());

        Properties java = new Properties();
        java.setProperty("https.proxyHost", "proxy.corp");
        java.setProperty("https.proxyPort", "3128");
        assertEquals(Severity.INFO, DaemonDiagnostics.proxy(Map.of("HTTPS_PROXY", "http://proxy.corp:3128"), java)
                .get(0).severity());
        assertEquals(Severity.OK, DaemonDiagnostics.proxy(Map.of(), new Properties()).get(0).severity());
    }

    @Test
    void anAwsFileTheToolsCannotReadIsAnErrorNamingTheLine() throws Exception {
        Path credentials = Files.writeString(dir.resolve("credentials"), "[a]\nx = 1\n[b\n");
        Diagnosis broken = DaemonDiagnostics.awsFile("AWS credentials file", credentials);
        assertEquals(Severity.ERROR, broken.severity());
        assertTrue(broken.detail().contains("line 3 starts a [section] but does not close it"), broken.detail());
        assertTrue(broken.fix().startsWith("Edit that line of " + credentials), broken.fix());

        assertEquals(Severity.OK, DaemonDiagnostics.awsFile("AWS config file", dir.resolve("new/config")).severity());
        Files.writeString(dir.resolve("file"), "");
        assertEquals(Severity.ERROR, DaemonDiagnostics.awsFile("AWS config file", dir.resolve("file/config"))
                .severity());
    }
}
