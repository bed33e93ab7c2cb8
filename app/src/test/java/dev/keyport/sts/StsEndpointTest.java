package dev.keyport.sts;

import dev.keyport.spi.KeyportException;
import dev.keyport.testkit.SamlResponseFactory;
import dev.keyport.testkit.StsEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which STS endpoint is used: Keyport's setting first, else what every AWS SDK honours (AWS_ENDPOINT_URL_STS /
 * AWS_ENDPOINT_URL, here through their system-property twins, which the SDK reads the same way).
 */
class StsEndpointTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/Endpoint";
    private static final String PROVIDER = "arn:aws:iam::123456789012:saml-provider/EndpointIdP";
    private static SamlResponseFactory saml;
    private static StsEmulator sts;

    @BeforeAll
    static void start() {
        saml = new SamlResponseFactory();
        sts = new StsEmulator();
        sts.registerProvider(PROVIDER, saml.publicKey());
    }

    @AfterAll
    static void stop() {
        sts.close();
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.endpointUrlSts");
        System.clearProperty("aws.endpointUrl");
        sts.clearRecords();
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
        String assertion = saml.google().rolePair(ROLE, PROVIDER).build().base64();
        return federation.assumeRoleWithSaml(assertion, ROLE, PROVIDER, "eu-west-1", 3600);
    }

    @Test
    void serviceSpecificEndpointSettingIsHonoured() {
        System.setProperty("aws.endpointUrlSts", sts.endpoint().toString());
        FederatedCredentials credentials = assume(new StsFederation(config(Optional.empty())));
        assertEquals(1, sts.requests().size());
        assertTrue(credentials.credentials().accessKeyId().startsWith("ASIA"));
    }

    @Test
    void globalEndpointSettingIsHonoured() {
        System.setProperty("aws.endpointUrl", sts.endpoint().toString());
        assume(new StsFederation(config(Optional.empty())));
        assertEquals(1, sts.requests().size());
    }

    @Test
    void keyportSettingWinsOverTheSdkOnes() {
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:9");
        assume(new StsFederation(config(Optional.of(sts.endpoint()))));
        assertEquals(1, sts.requests().size());
    }

    @Test
    void unreachableEndpointSaysWhereItLooked() {
        KeyportException e = assertThrows(KeyportException.class,
                () -> assume(new StsFederation(config(Optional.of(URI.create("http://127.0.0.1:9"))))));
        assertTrue(e.getMessage().contains("http://127.0.0.1:9"), e.getMessage());
    }
}
