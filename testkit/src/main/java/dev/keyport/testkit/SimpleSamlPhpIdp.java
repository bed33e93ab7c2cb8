package dev.keyport.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real SAML 2.0 IdP on loopback: Debian's SimpleSAMLphp 1.19.7, extracted (not installed) by
 * {@code bash .ci/install-test-deps}, served by {@code php -S 127.0.0.1:PORT}.
 *
 * <p>Everything it writes (config, metadata, key and certificate, logs, sessions) lives in a fresh temp folder that
 * {@link #close()} deletes. The IdP signs both the Response and the Assertion (rsa-sha256) for the SP
 * {@code urn:amazon:webservices} and sends exactly the AWS attributes {@link #ATTR_ROLE}, {@link #ATTR_SESSION_NAME}
 * and (when given) {@link #ATTR_SESSION_DURATION}, with NameFormat uri; NameID is the persistent username.
 *
 * <p>Login: open {@link #loginUrl()} (IdP-initiated SSO); the form has {@link #USERNAME_SELECTOR},
 * {@link #PASSWORD_SELECTOR} and {@link #SUBMIT_SELECTOR} plus a hidden {@code AuthState}; the answer is an HTML page
 * whose form auto-posts {@code SAMLResponse} to the ACS ({@link #ACS_AWS} by default). A second visit with the same
 * cookies answers with a fresh response and no form. {@link #stop()} kills php but keeps the folder, port and
 * sessions; {@link #start()} brings the same IdP back.
 *
 * <p>Missing prerequisites fail with {@link IllegalStateException}: tests using this never skip.
 *
 * <p>This class is the builder and the handle; the work is done by package-private helpers:
 * {@link SimpleSamlPhpInstall} (finding the package and php), {@link SimpleSamlPhpFolder} (the temp folder),
 * {@link SimpleSamlPhpSigningKey} (key and certificate), {@link SimpleSamlPhpConfig} (the PHP config, metadata and
 * users), {@link SimpleSamlPhpServer} (the php process) and {@link SimpleSamlPhpSignInScript} (filling in the login
 * page). {@link SimpleSamlPhpIdpExtension} runs one per test class.
 */
public final class SimpleSamlPhpIdp implements AutoCloseable {

    /** System property naming the extraction folder of the simplesamlphp .deb. */
    public static final String PACKAGE_PROPERTY = "keyport.test.simplesamlphp";
    /** System property naming the php binary (default: {@code php} on PATH). */
    public static final String PHP_PROPERTY = "keyport.test.php";
    public static final String DEFAULT_PACKAGE_DIR = "/opt/keyport-test/simplesamlphp";

    public static final String SP_ENTITY_ID = "urn:amazon:webservices";
    public static final String SP_ENTITY_ID_GOVCLOUD = "urn:amazon:webservices:govcloud";
    public static final String ACS_AWS = "https://signin.aws.amazon.com/saml";
    public static final String ACS_GOVCLOUD = "https://signin.amazonaws-us-gov.com/saml";

    public static final String ATTR_ROLE = "https://aws.amazon.com/SAML/Attributes/Role";
    public static final String ATTR_SESSION_NAME = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    public static final String ATTR_SESSION_DURATION = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

    /** CSS selectors of the 1.19.7 login page (modules/core/templates/loginuserpass.tpl.php, same ids in .twig). */
    public static final String USERNAME_SELECTOR = "#username";
    public static final String PASSWORD_SELECTOR = "#password";
    public static final String SUBMIT_SELECTOR = "#submit_button";

    /** A test user. {@code roles} are raw Role attribute values, e.g. {@code "arn:...:role/X,arn:...:saml-provider/Y"}. */
    public record User(String username, String password, List<String> roles, String sessionName, Integer sessionDuration) {
        public User {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty() || username.contains(":")) {
                throw new IllegalArgumentException("username must be non-empty and contain no ':' (exampleauth:UserPass "
                        + "keys are 'user:password'): " + username);
            }
            roles = List.copyOf(roles);
        }

        /** A user without SessionDuration; {@code sessionName} null omits RoleSessionName. */
        public User(String username, String password, List<String> roles, String sessionName) {
            this(username, password, roles, sessionName, null);
        }

        @Override
        public String toString() { // never the password
            return "User[username=" + username + ", password=<redacted>, roles=" + roles + ", sessionName="
                    + sessionName + ", sessionDuration=" + sessionDuration + "]";
        }
    }

    public static final class Builder {
        private final Map<String, User> users = new LinkedHashMap<>();
        private String acs = ACS_AWS;
        private String spEntityId = SP_ENTITY_ID;
        private Path packageDir;

        private Builder() {
        }

        public Builder user(User user) {
            users.put(user.username(), user);
            return this;
        }

        public Builder user(String username, String password, List<String> roles, String sessionName) {
            return user(new User(username, password, roles, sessionName));
        }

        public Builder user(String username, String password, List<String> roles, String sessionName,
                Integer sessionDuration) {
            return user(new User(username, password, roles, sessionName, sessionDuration));
        }

        /** The SP's AssertionConsumerService (default {@link #ACS_AWS}; e.g. a regional one or {@link #ACS_GOVCLOUD}). */
        public Builder acs(String acsUrl) {
            this.acs = Objects.requireNonNull(acsUrl);
            return this;
        }

        /** The SP entity id (default {@link #SP_ENTITY_ID}; {@link #SP_ENTITY_ID_GOVCLOUD} for GovCloud). */
        public Builder spEntityId(String entityId) {
            this.spEntityId = Objects.requireNonNull(entityId);
            return this;
        }

        /** Where the .deb is extracted (default: system property {@value #PACKAGE_PROPERTY}, else {@value #DEFAULT_PACKAGE_DIR}). */
        public Builder packageDir(Path extractedDeb) {
            this.packageDir = Objects.requireNonNull(extractedDeb);
            return this;
        }

        /** Creates the folder, key, config, and starts php; ready when this returns. */
        public SimpleSamlPhpIdp start() {
            return new SimpleSamlPhpIdp(this);
        }
    }

    /**
     * Registers this IdP with the STS emulator as the IAM SAML provider {@code providerArn} (its signing key and
     * issuer), as an administrator uploads the IdP's metadata to IAM; returns this IdP.
     */
    public SimpleSamlPhpIdp trustedBy(StsEmulator sts, String providerArn) {
        sts.registerProvider(providerArn, signingCertificate().getPublicKey(), entityId());
        return this;
    }

    public static Builder builder() {
        return new Builder();
    }

    private final String acs;
    private final String spEntityId;
    private final Map<String, User> users;
    private final SimpleSamlPhpFolder folder;
    private final SimpleSamlPhpConfig config;
    private final SimpleSamlPhpServer server;
    private final X509Certificate certificate;
    private final Thread shutdownHook;
    private boolean closed;

    /** Shorthand for {@code builder().user(...)...start()} with the default AWS SP. */
    public SimpleSamlPhpIdp(User... users) {
        this(withUsers(users));
    }

    private static Builder withUsers(User... users) {
        Builder b = builder();
        for (User u : users) {
            b.user(u);
        }
        return b;
    }

    private SimpleSamlPhpIdp(Builder b) {
        // Prerequisites first, so a missing install fails before anything is created.
        Path pkg = SimpleSamlPhpInstall.locatePackage(b.packageDir);
        String php = SimpleSamlPhpInstall.locatePhp();
        this.acs = b.acs;
        this.spEntityId = b.spEntityId;
        this.users = new LinkedHashMap<>(b.users);
        this.folder = SimpleSamlPhpFolder.create(pkg.resolve("usr/share/simplesamlphp"));
        this.config = new SimpleSamlPhpConfig(folder, pkg.resolve("etc/simplesamlphp/attributemap"), spEntityId, acs);
        this.server = new SimpleSamlPhpServer(php, folder);
        // php must not outlive the JVM when a test run is cut short before close().
        shutdownHook = new Thread(server::kill, "simplesamlphp-idp-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            certificate = SimpleSamlPhpSigningKey.create(folder.keyFile(), folder.certFile());
            config.writeAuthsources(users.values());
            config.writeSpRemote();
            config.writeIdpHosted();
            server.startOnFreePort(config::writeConfig);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * A script for the DevTools protocol's Runtime.evaluate that waits (up to 20 s, in the page) for the sign-in form,
     * fills it in and submits it, as a person would. Resolves to true once submitted.
     */
    public static String signInScript(String username, String password) {
        return SimpleSamlPhpSignInScript.fillAndSubmit(username, password);
    }

    // --- public API ---------------------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:PORT/simplesaml/} */
    public URI baseUrl() {
        return server.baseUrl();
    }

    /** IdP-initiated SSO for the AWS SP: {@code .../saml2/idp/SSOService.php?spentityid=urn:amazon:webservices}. */
    public URI loginUrl() {
        return baseUrl().resolve("saml2/idp/SSOService.php?spentityid=" + urlEncode(spEntityId));
    }

    /** As {@link #loginUrl()}, and the IdP posts {@code RelayState} along with the response. */
    public URI loginUrl(String relayState) {
        return URI.create(loginUrl() + "&RelayState=" + urlEncode(relayState));
    }

    public URI metadataUrl() {
        return server.metadataUrl();
    }

    /** The IdP entity id, i.e. the Issuer of every response: the metadata URL. */
    public String entityId() {
        return metadataUrl().toString();
    }

    public String spEntityId() {
        return spEntityId;
    }

    public String acs() {
        return acs;
    }

    public int port() {
        return server.port();
    }

    /** The IdP's SAML 2.0 metadata as served now (the IdP must be running). */
    public String metadataXml() {
        return server.metadataXml();
    }

    /** The self-signed certificate whose key signs responses and assertions (register its public key at the STS). */
    public X509Certificate signingCertificate() {
        return certificate;
    }

    /** The same certificate as a PEM file (e.g. for {@code xmlsec1 --pubkey-cert-pem}). */
    public Path signingCertificatePem() {
        return folder.certFile();
    }

    /** Adds or replaces a user; SimpleSAMLphp rereads its config per request, so no restart is needed. */
    public synchronized SimpleSamlPhpIdp user(User user) {
        users.put(user.username(), user);
        config.writeAuthsources(users.values());
        return this;
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    /** The temp folder holding config, metadata, cert, log, data, tmp, sessions and docroot. */
    public Path directory() {
        return folder.dir();
    }

    public synchronized boolean isRunning() {
        return server.isRunning();
    }

    /** Kills php (connections to the port are then refused); folder, port, key and sessions stay. */
    public synchronized void stop() {
        server.kill();
    }

    /** Starts php again on the same port (after {@link #stop()}); a no-op when running. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (isRunning()) {
            return;
        }
        if (!server.launch()) {
            throw new IllegalStateException("php could not listen on 127.0.0.1:" + port() + " again\n" + diagnostics());
        }
    }

    /** Kills the php process tree and deletes the folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        folder.delete();
    }

    /** The tail of PHP's server output and of SimpleSAMLphp's own log, for failure messages. */
    public String diagnostics() {
        return folder.diagnostics();
    }

    @Override
    public String toString() {
        return "SimpleSamlPhpIdp[" + baseUrl() + ", sp=" + spEntityId + ", acs=" + acs + ", dir=" + folder.dir() + "]";
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
