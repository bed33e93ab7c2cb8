package dev.keyport.sts;

import dev.keyport.spi.AwsCredentials;

import java.util.List;

/**
 * What AssumeRoleWithSAML gave.
 *
 * @param credentials     the temporary credentials
 * @param durationSeconds the DurationSeconds STS accepted
 * @param identityArn  the assumed-role ARN STS reported
 * @param warnings        what had to be adjusted on the way (e.g. a shorter duration)
 */
public record FederatedCredentials(AwsCredentials credentials, int durationSeconds, String identityArn,
                                   List<String> warnings) {
}
