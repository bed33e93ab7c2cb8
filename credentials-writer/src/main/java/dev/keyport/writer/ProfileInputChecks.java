package dev.keyport.writer;

import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The checks {@link ProfileWriter} makes on what it is given before it reads or writes anything: a profile name and a
 * session id that fit a section header and the ownership marker, values that fit one line of the AWS files, and two
 * distinct files. A value that slipped through could break the files for the AWS tools, or let one line pose as
 * another key or section.
 *
 * <p>Every failure is {@link ErrorCategory#INVALID_INPUT}. Messages name only what is wrong: values that may be
 * secrets (keys, tokens, session ids) are never echoed, and names that are echoed are escaped so a message stays one
 * line.
 */
final class ProfileInputChecks {

    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9-]+");

    private ProfileInputChecks() {
    }

    /** See {@link ProfileWriter#validateProfileName}. */
    static void validateProfileName(String profileName) {
        String problem = null;
        if (profileName == null || profileName.isEmpty()) {
            problem = "it is empty";
        } else if (!profileName.equals(profileName.strip())) {
            problem = "it starts or ends with whitespace";
        } else if (profileName.chars().anyMatch(c -> c == '[' || c == ']')) {
            problem = "it contains a square bracket";
        } else if (profileName.chars().anyMatch(c -> c == '#' || c == ';')) {
            problem = "it contains # or ;, which start a comment in a section header";
        } else if (profileName.chars().anyMatch(Character::isISOControl)) {
            problem = "it contains a line break or another control character";
        }
        if (problem != null) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Profile name " + printable(profileName)
                    + " cannot be written to the AWS files: " + problem
                    + ". Use letters, digits and _ - / . % @ only.");
        }
    }

    /** See {@link ProfileWriter#validateOwner}. */
    static void validateOwner(String ownerSessionId) {
        if (ownerSessionId == null || ownerSessionId.isBlank()
                || ownerSessionId.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
                || ownerSessionId.equalsIgnoreCase(ProfileWriter.LEGACY_OWNER)) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The session id is empty, contains whitespace or "
                    + "control characters, or is the reserved value \"" + ProfileWriter.LEGACY_OWNER + "\"; it cannot "
                    + "mark the session's profile sections in the AWS files.");
        }
    }

    /** A {@code credential_process} command must be one non-blank line, as the config file holds it. */
    static void checkCommand(String command) {
        if (command == null || command.isBlank() || command.chars().anyMatch(Character::isISOControl)) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The credential_process command is empty or"
                    + " spans several lines; it must be one line in the AWS config file.");
        }
    }

    /** Whether a region is given; a malformed one is refused. */
    static boolean checkRegion(String region) {
        boolean hasRegion = region != null && !region.isBlank();
        if (hasRegion && !REGION.matcher(region).matches()) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "Region " + printable(region)
                    + " is not a valid AWS region name (expected something like eu-west-1).");
        }
        return hasRegion;
    }

    /** Names only what is wrong, never the value: it may be a secret. */
    static void checkValue(String value, String what) {
        if (value.isBlank() || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The session's " + what
                    + " is empty or contains whitespace or control characters; it cannot be written to the AWS "
                    + "credentials file.");
        }
    }

    /**
     * Refuses settings that point both files at one file: the two documents would overwrite each other, and the
     * updater cannot lock one file twice.
     */
    static void checkDistinctFiles(AwsFileLocations locations) {
        Path credentials = TargetPaths.resolve(locations.credentialsFile());
        Path config = TargetPaths.resolve(locations.configFile());
        if (credentials.equals(config)) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "The AWS credentials file and config file are "
                    + "the same file (" + credentials + "). Set " + AwsFileLocations.CREDENTIALS_FILE_KEY + " and "
                    + AwsFileLocations.CONFIG_FILE_KEY + " (or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE) to "
                    + "two different files.");
        }
    }

    /** For names echoed in messages: control characters are shown escaped so a message stays one line. */
    private static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.append((char) c);
            }
        });
        return sb.append('"').toString();
    }
}
