package dev.keyport.testing;

import dev.keyport.testkit.SamlResponseFactory;
import dev.keyport.testkit.FederationEmulator;
import dev.keyport.testkit.StsEmulator;
import dev.keyport.testkit.OneLoginEmulator;
import dev.keyport.testkit.TestkitServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every {@code @QuarkusTest} runs against: a private KEYPORT_HOME, private AWS credentials and config files
 * (pre-filled with a user's foreign content), and the STS emulator as Keyport's STS endpoint. Nothing of the
 * machine's own ~/.keyport or ~/.aws is touched.
 *
 * <p>Tests reach the running environment through {@link #current()}.
 */
public class KeyportTestEnvironment implements QuarkusTestResourceLifecycleManager {
    public static final String ACCOUNT = "123456789012";
    public static final String PROVIDER_ARN = "arn:aws:iam::123456789012:saml-provider/KeyportTestIdP";
    public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/KeyportTester";
    /** The SAML provider of the test kit's Okta and OneLogin API emulators ({@link #idpApis()}). */
    public static final String API_IDP_ARN = "arn:aws:iam::123456789012:saml-provider/KeyportApiIdP";
    /** The AWS app of the Okta emulator (its embed link) and of the OneLogin emulator (its launch URL). */
    public static final String OKTA_APP = "0oakeyporttest";
    public static final String ONELOGIN_APP = "424242";

    /** Content of the user's credentials file that Keyport must keep byte for byte. */
    public static final String FOREIGN_CREDENTIALS = """
            # My own keys -- hands off!
            [personal]
            aws_access_key_id = AKIAEXAMPLEPERSONAL
            aws_secret_access_key = personal/secret+key   ; inline comment

            ; legacy tool section
            [legacy-tool]
            aws_access_key_id=AKIALEGACY
            aws_secret_access_key=legacysecret
            """;
    /** Content of the user's config file that Keyport must keep byte for byte. */
    public static final String FOREIGN_CONFIG = """
            [default]
            region = us-east-1
            output = json

            [profile personal]
            region = eu-central-1
            s3 =
              max_concurrent_requests = 20
            """;

    private static volatile KeyportTestEnvironment current;

    private Path root;
    private StsEmulator sts;
    private TestkitServer idpApis;
    private FederationEmulator federation;
    private SamlResponseFactory saml;

    public static KeyportTestEnvironment current() {
        if (current == null) {
            throw new IllegalStateException("KeyportTestEnvironment is not running");
        }
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("keyport-test-");
            Files.createDirectories(root.resolve("aws"));
            Files.writeString(credentialsFile(), FOREIGN_CREDENTIALS, StandardCharsets.UTF_8);
            Files.writeString(configFile(), FOREIGN_CONFIG, StandardCharsets.UTF_8);
            PluginJars.write(pluginsDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        saml = new SamlResponseFactory();
        sts = new StsEmulator();
        federation = new FederationEmulator(sts);
        String federationEndpoint = FederationEmulator.install(sts, federation);
        sts.registerProvider(PROVIDER_ARN, saml.publicKey());
        idpApis = new TestkitServer(List.of());
        sts.registerProvider(API_IDP_ARN, idpApis.factory().publicKey());
        idpApis.okta().app(OKTA_APP, ROLE_ARN, API_IDP_ARN);
        idpApis.oneLogin().app(ONELOGIN_APP, ROLE_ARN, API_IDP_ARN);
        current = this;
        return Map.ofEntries(
                // A provider's patterns from configuration; BrowserLoginTest chooses onelogin for one SimpleSAMLphp
                // session to prove they apply (no built-in OneLogin pattern matches SimpleSAMLphp's form).
                Map.entry("keyport.browser.providers.onelogin.login-page-patterns",
                        "/simplesaml/module\\.php/core/loginuserpass\\.php"),
                // Tests have no display: the "window" stays headless, and the switch to it is still asserted.
                Map.entry("keyport.browser.show-window", "false"),
                Map.entry("keyport.browser.login-timeout", "PT60S"),
                // Generous: a sign-in page must be recognised by its URL long before this, even on a busy machine.
                Map.entry("keyport.browser.background-timeout", "PT20S"),
                // Headless logins talk to the test kit's emulators; a push is polled without a pause.
                Map.entry("keyport.providers.okta.push-poll-interval", "PT0S"),
                Map.entry("keyport.providers.onelogin.push-poll-interval", "PT0S"),
                Map.entry("keyport.providers.onelogin.client-id", OneLoginEmulator.CLIENT_ID),
                Map.entry("keyport.providers.onelogin.api-url", idpApis.oneLogin().apiUrl("eu")),
                Map.entry("keyport.providers.onelogin.subdomain", OneLoginEmulator.SUBDOMAIN),
                Map.entry("keyport.home", home().toString()),
                Map.entry("keyport.aws.credentials-file", credentialsFile().toString()),
                Map.entry("keyport.aws.config-file", configFile().toString()),
                Map.entry("keyport.sts.endpoint", sts.endpoint().toString()),
                Map.entry("keyport.plugins.dir", pluginsDir().toString()),
                Map.entry("keyport.console.federation-endpoint", federationEndpoint),
                // credential_process profiles run the packaged CLI, as users' profiles do.
                Map.entry("keyport.delivery.credential-process-command", cliCommand()));
    }

    /**
     * The {@code keyport} command as a separate process: the CLI jar the build laid out (module cli), run by this
     * JVM's java on the class path its manifest names. The integration tier runs after {@code package}, so it is there.
     */
    public static String cliCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return java + " -jar " + cliJar();
    }

    /** {@code cli/target/keyport-cli/keyport-cli.jar}, found from the module directory upwards. */
    public static Path cliJar() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path jar = d.resolve("cli/target/keyport-cli/keyport-cli.jar");
            if (Files.isDirectory(d.resolve("cli")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException("The CLI is not packaged (no " + jar + "): the integration"
                            + " tests run after 'package' (./mvnw -B verify).");
                }
                return jar;
            }
        }
        throw new IllegalStateException("The repository's cli module was not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void stop() {
        current = null;
        if (sts != null) {
            sts.close();
        }
        if (idpApis != null) {
            idpApis.close();
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir; the OS cleans it eventually
            }
        }
    }

    public Path home() {
        return root.resolve("home");
    }

    /** The test kit's Okta and OneLogin API emulators, whose apps sign in as {@link #ROLE_ARN}. */
    public TestkitServer idpApis() {
        return idpApis;
    }

    public Path pluginsDir() {
        return root.resolve("plugins");
    }

    public Path credentialsFile() {
        return root.resolve("aws").resolve("credentials");
    }

    public Path configFile() {
        return root.resolve("aws").resolve("config");
    }

    /** Puts the AWS files back to their foreign-only content, as a test expects to find them. */
    public void resetAwsFiles() throws IOException {
        Files.writeString(credentialsFile(), FOREIGN_CREDENTIALS, StandardCharsets.UTF_8);
        Files.writeString(configFile(), FOREIGN_CONFIG, StandardCharsets.UTF_8);
    }

    /** The sign-in federation endpoint (getSigninToken) on the emulator's port. */
    public FederationEmulator federation() {
        return federation;
    }

    public StsEmulator sts() {
        return sts;
    }

    public SamlResponseFactory saml() {
        return saml;
    }

    public String apiToken() {
        try {
            return Files.readString(home().resolve("api-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, signed SAMLResponse offering {@link #ROLE_ARN} (and whatever else the test adds). */
    public String samlResponseFor(String roleArn) {
        return saml.google().rolePair(roleArn, PROVIDER_ARN).build().base64();
    }
}
