package dev.keyport.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceDefinitionTest {
    @Test
    void carriesOnlyTheSettingsThatSayWhereThingsAreWithPathsMadeAbsolute() {
        ServiceDefinition d = ServiceDefinition.of(Path.of("/opt/keyport-1.0/bin/keyport"), Map.of(
                "KEYPORT_HOME", "relative/home", "AWS_CONFIG_FILE", "/home/a/.aws/config", "KEYPORT_PORT", "7777",
                "AWS_SECRET_ACCESS_KEY", "do-not-copy", "KEYPORT_PROVIDERS_OKTA_PASSWORD", "nor-this", "PATH", "/x"));

        assertEquals(Path.of("relative/home").toAbsolutePath().toString(), d.environment().get("KEYPORT_HOME"));
        assertEquals("/home/a/.aws/config", d.environment().get("AWS_CONFIG_FILE"));
        assertEquals("7777", d.environment().get("KEYPORT_PORT"));
        assertEquals(3, d.environment().size(), d.environment().toString());
        assertFalse(d.systemdUnit().contains("do-not-copy"));
        assertFalse(d.systemdUnit().contains("nor-this"));
    }

    @Test
    void theUnitQuotesWhatSystemdWouldOtherwiseInterpret() {
        ServiceDefinition d = new ServiceDefinition(Path.of("/home/a b/100% \"x\"/$HOME\\bin/keyport"),
                Map.of("KEYPORT_HOME", "/home/a b/%h $USER"));
        String unit = d.systemdUnit();

        assertTrue(unit.contains("ExecStart=\"/home/a b/100%% \\\"x\\\"/$$HOME\\\\bin/keyport\" daemon\n"), unit);
        assertTrue(unit.contains("Environment=\"KEYPORT_HOME=/home/a b/%%h $USER\"\n"), unit);
        assertTrue(unit.contains("Documentation=file:///home/a%%20b/100%%25"), unit);
        assertEquals(ServiceCommand.launcherOf(unit).orElseThrow(), d.launcher().toString());
        assertThrows(CliException.class, () -> new ServiceDefinition(Path.of("/x/keyport"),
                Map.of("KEYPORT_HOME", "/a\nExecStartPre=/bin/evil")).systemdUnit());
    }

    @Test
    void theUnitStartsWithTheSessionRestartsOnFailureAndKeepsFilesPrivate() {
        String unit = new ServiceDefinition(Path.of("/opt/keyport/bin/keyport"), Map.of()).systemdUnit();
        assertTrue(unit.contains("\n[Install]\nWantedBy=default.target\n"), unit);
        assertTrue(unit.contains("\nRestart=on-failure\n"), unit);
        assertTrue(unit.contains("\nUMask=0077\n"), unit);
        assertTrue(unit.contains("Documentation=file:///opt/keyport/README.md\n"), unit);
    }

    @Test
    void theLaunchdAgentIsWellFormedAndEscapesItsValues() throws Exception {
        ServiceDefinition d = new ServiceDefinition(Path.of("/Users/a/<keyport>&/bin/keyport"),
                Map.of("KEYPORT_HOME", "/Users/a/\"home\""));
        String plist = d.launchdPlist(Path.of("/Users/a/Library/Logs/Keyport"));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(plist.getBytes(StandardCharsets.UTF_8)));
        assertEquals("plist", doc.getDocumentElement().getNodeName());
        assertTrue(doc.getDocumentElement().getTextContent().contains("/Users/a/<keyport>&/bin/keyport"));
        assertTrue(doc.getDocumentElement().getTextContent().contains("/Users/a/\"home\""));
        assertEquals(d.launcher().toString(), ServiceCommand.launcherOf(plist).orElseThrow());
        assertTrue(plist.contains("<key>KeepAlive</key>"), plist);
    }
}
