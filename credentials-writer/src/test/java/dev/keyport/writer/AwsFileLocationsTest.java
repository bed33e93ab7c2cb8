package dev.keyport.writer;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AwsFileLocationsTest {

    @Test
    void defaultsToDotAwsUnderHome() {
        AwsFileLocations l = AwsFileLocations.resolve(Optional.empty(), Optional.empty(),
                Map.of("HOME", "/home/ana"), "/ignored");
        assertEquals(Path.of("/home/ana/.aws/credentials"), l.credentialsFile());
        assertEquals(Path.of("/home/ana/.aws/config"), l.configFile());
    }

    @Test
    void environmentVariablesBeatTheDefaults() {
        AwsFileLocations l = AwsFileLocations.resolve(Optional.empty(), Optional.of(" "),
                Map.of("HOME", "/home/ana", "AWS_SHARED_CREDENTIALS_FILE", "/etc/creds",
                        "AWS_CONFIG_FILE", "~/cfg/config"), null);
        assertEquals(Path.of("/etc/creds"), l.credentialsFile());
        assertEquals(Path.of("/home/ana/cfg/config"), l.configFile());
    }

    @Test
    void explicitSettingsBeatTheEnvironment() {
        AwsFileLocations l = AwsFileLocations.resolve(Optional.of("~/k/credentials"), Optional.of("/srv/config"),
                Map.of("HOME", "/home/ana", "AWS_SHARED_CREDENTIALS_FILE", "/etc/creds",
                        "AWS_CONFIG_FILE", "/etc/config"), null);
        assertEquals(Path.of("/home/ana/k/credentials"), l.credentialsFile());
        assertEquals(Path.of("/srv/config"), l.configFile());
    }

    @Test
    void userHomeIsTheLastResort() {
        AwsFileLocations l = AwsFileLocations.resolve(Optional.empty(), Optional.empty(), Map.of("HOME", ""),
                "/users/bo");
        assertEquals(Path.of("/users/bo/.aws/credentials"), l.credentialsFile());
    }
}
