package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the AWS shared credentials and config files are. An explicit Keyport setting wins
 * ({@value #CREDENTIALS_FILE_KEY}, {@value #CONFIG_FILE_KEY}), then the variables the AWS tools honour
 * ({@code AWS_SHARED_CREDENTIALS_FILE}, {@code AWS_CONFIG_FILE}), then {@code ~/.aws/credentials} and
 * {@code ~/.aws/config}. A leading {@code ~/} is expanded with the home directory, found like the AWS CLI does:
 * {@code HOME}, then {@code USERPROFILE}, then {@code HOMEDRIVE}+{@code HOMEPATH}, then the {@code user.home} property.
 *
 * @param credentialsFile the shared credentials file (absolute)
 * @param configFile      the shared config file (absolute)
 */
public record AwsFileLocations(Path credentialsFile, Path configFile) {

    /** Keyport setting naming the credentials file. */
    public static final String CREDENTIALS_FILE_KEY = "keyport.aws.credentials-file";
    /** Keyport setting naming the config file. */
    public static final String CONFIG_FILE_KEY = "keyport.aws.config-file";
    /** Environment variable the AWS SDKs and CLI read for the credentials file. */
    public static final String CREDENTIALS_FILE_ENV = "AWS_SHARED_CREDENTIALS_FILE";
    /** Environment variable the AWS SDKs and CLI read for the config file. */
    public static final String CONFIG_FILE_ENV = "AWS_CONFIG_FILE";

    public AwsFileLocations {
        Objects.requireNonNull(credentialsFile, "credentialsFile");
        Objects.requireNonNull(configFile, "configFile");
    }

    /**
     * Resolves both files from plain values, so the rules can be tested without touching the real environment.
     *
     * @param credentialsOverride the {@value #CREDENTIALS_FILE_KEY} setting, if any
     * @param configOverride      the {@value #CONFIG_FILE_KEY} setting, if any
     * @param env                 the process environment
     * @param userHome            the {@code user.home} system property (last resort for the home directory)
     */
    public static AwsFileLocations resolve(Optional<String> credentialsOverride, Optional<String> configOverride,
                                           Map<String, String> env, String userHome) {
        String home = homeDirectory(env, userHome);
        return new AwsFileLocations(
                pick(credentialsOverride, env.get(CREDENTIALS_FILE_ENV), "~/.aws/credentials", home),
                pick(configOverride, env.get(CONFIG_FILE_ENV), "~/.aws/config", home));
    }

    /** Resolves both files with the real process environment and {@code user.home}. */
    public static AwsFileLocations resolve(Optional<String> credentialsOverride, Optional<String> configOverride) {
        return resolve(credentialsOverride, configOverride, System.getenv(), System.getProperty("user.home"));
    }

    private static Path pick(Optional<String> override, String envValue, String fallback, String home) {
        String chosen = override.filter(v -> !v.isBlank())
                .orElse(envValue != null && !envValue.isBlank() ? envValue : fallback);
        return expandHome(chosen.strip(), home).toAbsolutePath().normalize();
    }

    private static Path expandHome(String path, String home) {
        if (path.equals("~")) {
            return Path.of(requireHome(home));
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return Path.of(requireHome(home), path.substring(2));
        }
        return Path.of(path);
    }

    private static String requireHome(String home) {
        if (home == null) {
            // Without a home directory "~" would silently become a relative directory named "~".
            throw new KeyportException(ErrorCategory.INVALID_INPUT,
                    "Cannot find the home directory (HOME is not set) to locate the AWS files; set HOME, or set "
                            + CREDENTIALS_FILE_KEY + " and " + CONFIG_FILE_KEY + " to absolute paths.");
        }
        return home;
    }

    private static String homeDirectory(Map<String, String> env, String userHome) {
        String home = nonBlank(env.get("HOME"));
        if (home == null) {
            home = nonBlank(env.get("USERPROFILE"));
        }
        if (home == null && nonBlank(env.get("HOMEDRIVE")) != null && nonBlank(env.get("HOMEPATH")) != null) {
            home = env.get("HOMEDRIVE") + env.get("HOMEPATH");
        }
        if (home == null) {
            home = nonBlank(userHome);
        }
        return home;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
