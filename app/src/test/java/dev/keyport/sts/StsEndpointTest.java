package dev.keyport.sts;

import dev.keyport.spi.KeyportException;
import dev.keyport.testkit.StsEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which STS endpoint is used: Keyport's setting first, else what every AWS SDK honours (AWS_ENDPOINT_URL_STS /
 * AWS_ENDPOINT_URL, here through their system-property twins), but over HTTPS only; never the config file's
 * endpoint_url.
 */
class StsEndpointTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/Endpoint";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/EndpointIdP";

    @RegisterExtension
    static final StsEmulatorExtension emulator = StsEmulatorExtension.withProvider(PROVIDER);

    @AfterEach
    void clear() {
        System.clearProperty("aws.endpointUrlSts");
        System.clearProperty("aws.endpointUrl");
        emulator.sts().clearRecords();
    }

    private static StsConfig config(Optional<URI> endpoint) {
        return new StsConfig() {
            @Override
            public Optional<URI> endpoint() {
                return endpoint;
            }

            @Override
            public Duration callTimeout() {
                return Duration.ofSeconds(20);
            }
        };
    }

    private static FederatedCredentials assume(StsFederation federation) {
        String assertion = emulator.saml().google().rolePair(ROLE, PROVIDER).build().base64();
        return federation.assumeRoleWithSaml(assertion, ROLE, PROVIDER, "eu-west-1", 3600, DurationPolicy.Source.SESSION);
    }

    @Test
    void httpsEndpointsFromTheAwsVariablesAreHonoured() {
        // Nothing listens there: the error says where the call went.
        System.setProperty("aws.endpointUrlSts", "https://127.0.0.1:9");
        KeyportException e = assertThrows(KeyportException.class, () -> assume(new StsFederation(config(Optional.empty()))));
        assertTrue(e.getMessage().contains("at https://127.0.0.1:9"), e.getMessage());
        System.clearProperty("aws.endpointUrlSts");
        System.setProperty("aws.endpointUrl", "https://127.0.0.1:9");
        e = assertThrows(KeyportException.class, () -> assume(new StsFederation(config(Optional.empty()))));
        assertTrue(e.getMessage().contains("at https://127.0.0.1:9"), e.getMessage());
    }

    @Test
    void aPlainHttpEndpointFromTheAwsVariablesIsRefusedAndNoAssertionIsSent() {
        // As set in a shell for LocalStack: whoever holds that port would receive the assertion.
        for (String property : new String[]{"aws.endpointUrlSts", "aws.endpointUrl"}) {
            System.setProperty(property, emulator.sts().endpoint().toString());
            KeyportException e = assertThrows(KeyportException.class,
                    () -> assume(new StsFederation(config(Optional.empty()))));
            assertEquals(dev.keyport.spi.ErrorCategory.INVALID_INPUT, e.category());
            assertTrue(e.getMessage().contains("not HTTPS") && e.getMessage().contains("keyport.sts.endpoint"),
                    e.getMessage());
            System.clearProperty(property);
        }
        assertEquals(0, emulator.sts().requests().size(), "no assertion left the daemon");
    }

    @Test
    void anEndpointUrlInTheAwsConfigFileIsIgnored(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("config"),
                "[default]\nendpoint_url = " + emulator.sts().endpoint() + "\n");
        System.setProperty("aws.configFile", config.toString());
        try {
            assertThrows(KeyportException.class, () -> assume(new StsFederation(config(Optional.empty()))));
            assertEquals(0, emulator.sts().requests().size(), "the assertion did not go to the config file's endpoint_url");
        } finally {
            System.clearProperty("aws.configFile");
        }
    }

    @Test
    void anAwsConfigFileTheSdkCannotParseIsNamedWithItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // The SDK parses the user's files while building its client, whatever it is told: its refusal becomes the
        // same clear message the credentials writer gives, naming the file and the line, before any assertion is sent.
        java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("config"),
                "[default]\nregion = us-east-1\nthis line is garbage\n");
        System.setProperty("aws.configFile", config.toString());
        try {
            KeyportException e = assertThrows(KeyportException.class,
                    () -> assume(new StsFederation(config(Optional.of(emulator.sts().endpoint())))));
            assertEquals(dev.keyport.spi.ErrorCategory.INVALID_INPUT, e.category());
            assertTrue(e.getMessage().startsWith("The AWS config file " + config + " cannot be read by the AWS SDK")
                    && e.getMessage().contains("line 3"), e.getMessage());
            assertEquals(0, emulator.sts().requests().size());
        } finally {
            System.clearProperty("aws.configFile");
        }
    }

    @Test
    void keyportSettingWinsOverTheSdkOnes() {
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:9");
        assume(new StsFederation(config(Optional.of(emulator.sts().endpoint()))));
        assertEquals(1, emulator.sts().requests().size());
    }

    @Test
    void unreachableEndpointSaysWhereItLooked() {
        KeyportException e = assertThrows(KeyportException.class,
                () -> assume(new StsFederation(config(Optional.of(URI.create("http://127.0.0.1:9"))))));
        assertTrue(e.getMessage().contains("http://127.0.0.1:9"), e.getMessage());
    }
}
