package dev.keyport.delivery;

import dev.keyport.writer.AwsFileLocations;
import dev.keyport.writer.DefaultProfile;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a new session's unnamed settings come from, as AWS tools users expect: the profile is named after the
 * session's alias, and the region is that of the {@code [default]} profile in the AWS config file Keyport writes to.
 */
@Singleton
public class SessionDefaults {
    private final Path configFile;

    SessionDefaults(@ConfigProperty(name = AwsFileLocations.CREDENTIALS_FILE_KEY) Optional<String> credentialsFile,
                    @ConfigProperty(name = AwsFileLocations.CONFIG_FILE_KEY) Optional<String> configFile) {
        this.configFile = AwsFileLocations.resolve(credentialsFile, configFile).configFile();
    }

    /** The region of the {@code [default]} profile, if the config file has one. */
    public Optional<String> region() {
        return DefaultProfile.region(configFile);
    }

    /** The config file the default region is read from (for messages). */
    public Path configFile() {
        return configFile;
    }
}
