package dev.keyport.testkit;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

    private static final String INSTALL_HINT = "run `bash .ci/install-test-deps` (as root or with sudo) to install PHP "
            + "and extract SimpleSAMLphp into " + DEFAULT_PACKAGE_DIR;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;

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

    private final Path packageRoot; // .../usr/share/simplesamlphp
    private final Path attributeMapDir;
    private final String php;
    private final Path dir;
    private final Path configDir;
    private final Path metadataDir;
    private final Path certFile;
    private final Path keyFile;
    private final Path docroot;
    private final Path serverLog;
    private final Path sessionsDir;
    private final String acs;
    private final String spEntityId;
    private final Map<String, User> users;
    private final HttpClient http;
    private final X509Certificate certificate;
    private final Thread shutdownHook;
    private int port;
    private Process process;
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
        Path pkg = locatePackage(b.packageDir);
        this.php = locatePhp();
        this.packageRoot = pkg.resolve("usr/share/simplesamlphp");
        this.attributeMapDir = pkg.resolve("etc/simplesamlphp/attributemap");
        this.acs = b.acs;
        this.spEntityId = b.spEntityId;
        this.users = new LinkedHashMap<>(b.users);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            dir = Files.createTempDirectory("keyport-ssp-");
            configDir = Files.createDirectory(dir.resolve("config"));
            metadataDir = Files.createDirectory(dir.resolve("metadata"));
            Path certDir = Files.createDirectory(dir.resolve("cert"));
            for (String d : List.of("log", "data", "tmp", "sessions", "docroot")) {
                Files.createDirectory(dir.resolve(d));
            }
            sessionsDir = dir.resolve("sessions");
            docroot = dir.resolve("docroot");
            Files.createSymbolicLink(docroot.resolve("simplesaml"), packageRoot.resolve("www"));
            serverLog = dir.resolve("log/php-server.log");
            keyFile = certDir.resolve("idp.key");
            certFile = certDir.resolve("idp.crt");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SimpleSAMLphp test folder", e);
        }
        shutdownHook = new Thread(this::killProcess, "simplesamlphp-idp-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            certificate = generateKeyAndCertificate();
            writeAuthsources();
            writeSpRemote();
            writeIdpHosted();
            startOnFreePort();
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
        return """
                new Promise((resolve, reject) => {
                  const deadline = Date.now() + 20000;
                  (function fill() {
                    const user = document.querySelector('%s');
                    if (user && document.readyState !== 'loading') {
                      user.value = %s;
                      document.querySelector('%s').value = %s;
                      document.querySelector('%s').click();
                      resolve(true);
                    } else if (Date.now() > deadline) {
                      reject(new Error('no sign-in form'));
                    } else {
                      setTimeout(fill, 50);
                    }
                  })();
                })""".formatted(USERNAME_SELECTOR, jsString(username), PASSWORD_SELECTOR, jsString(password),
                SUBMIT_SELECTOR);
    }

    private static String jsString(String value) {
        StringBuilder out = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '\'') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }

    // --- public API ---------------------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:PORT/simplesaml/} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/simplesaml/");
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
        return baseUrl().resolve("saml2/idp/metadata.php");
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
        return port;
    }

    /** The IdP's SAML 2.0 metadata as served now (the IdP must be running). */
    public String metadataXml() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metadataUrl()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("IdP metadata answered HTTP " + r.statusCode() + "\n" + diagnostics());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch IdP metadata from " + metadataUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The self-signed certificate whose key signs responses and assertions (register its public key at the STS). */
    public X509Certificate signingCertificate() {
        return certificate;
    }

    /** The same certificate as a PEM file (e.g. for {@code xmlsec1 --pubkey-cert-pem}). */
    public Path signingCertificatePem() {
        return certFile;
    }

    /** Adds or replaces a user; SimpleSAMLphp rereads its config per request, so no restart is needed. */
    public synchronized SimpleSamlPhpIdp user(User user) {
        users.put(user.username(), user);
        writeAuthsources();
        return this;
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    /** The temp folder holding config, metadata, cert, log, data, tmp, sessions and docroot. */
    public Path directory() {
        return dir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills php (connections to the port are then refused); folder, port, key and sessions stay. */
    public synchronized void stop() {
        killProcess();
    }

    /** Starts php again on the same port (after {@link #stop()}); a no-op when running. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (isRunning()) {
            return;
        }
        if (!launch()) {
            throw new IllegalStateException("php could not listen on 127.0.0.1:" + port + " again\n" + diagnostics());
        }
    }

    /** Kills the php process tree and deletes the folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        deleteRecursively(dir);
    }

    /** The tail of PHP's server output and of SimpleSAMLphp's own log, for failure messages. */
    public String diagnostics() {
        return "--- php -S output (tail) ---\n" + tail(serverLog, 40) + "\n--- simplesamlphp.log (tail) ---\n"
                + tail(dir.resolve("log/simplesamlphp.log"), 40);
    }

    @Override
    public String toString() {
        return "SimpleSamlPhpIdp[" + baseUrl() + ", sp=" + spEntityId + ", acs=" + acs + ", dir=" + dir + "]";
    }

    // --- prerequisites -----------------------------------------------------------------------------------------

    private static Path locatePackage(Path explicit) {
        String configured = explicit != null ? explicit.toString() : System.getProperty(PACKAGE_PROPERTY);
        Path pkg = Paths.get(configured != null && !configured.isBlank() ? configured : DEFAULT_PACKAGE_DIR);
        Path marker = pkg.resolve("usr/share/simplesamlphp/www/saml2/idp/SSOService.php");
        if (!Files.isRegularFile(marker)) {
            throw new IllegalStateException("SimpleSAMLphp is not extracted at " + pkg + " (no " + marker + "): "
                    + INSTALL_HINT + (configured != null ? "" : ", or set -D" + PACKAGE_PROPERTY + "=<folder>"));
        }
        return pkg;
    }

    private static volatile String checkedPhp;

    private static String locatePhp() {
        String cached = checkedPhp;
        if (cached != null) {
            return cached;
        }
        String configured = System.getProperty(PHP_PROPERTY);
        String php = null;
        if (configured != null && !configured.isBlank()) {
            php = Files.isExecutable(Paths.get(configured)) ? configured : null;
        } else {
            for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                if (!p.isEmpty() && Files.isExecutable(Paths.get(p, "php"))) {
                    php = Paths.get(p, "php").toString();
                    break;
                }
            }
        }
        if (php == null) {
            throw new IllegalStateException("php is not installed (" + (configured != null ? configured : "not on PATH")
                    + "): " + INSTALL_HINT);
        }
        // SimpleSAMLphp needs DOM (php8.2-xml), mbstring and openssl; without them it fails obscurely at runtime.
        Result r = run(List.of(php, "-r", "foreach (['dom','mbstring','openssl','session','xml'] as $e) "
                + "{ if (!extension_loaded($e)) { echo $e, ' '; } }"), Duration.ofSeconds(20));
        if (r.exit != 0 || !r.output.isBlank()) {
            throw new IllegalStateException("php at " + php + " lacks extensions [" + r.output.trim() + "] (exit " + r.exit
                    + "): " + INSTALL_HINT);
        }
        checkedPhp = php;
        return php;
    }

    private X509Certificate generateKeyAndCertificate() {
        Result r = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-nodes", "-days", "30",
                "-subj", "/CN=keyport-test-simplesamlphp-idp", "-keyout", keyFile.toString(), "-out", certFile.toString()),
                Duration.ofSeconds(60));
        if (r.exit != 0) {
            throw new IllegalStateException("openssl could not create the IdP key (exit " + r.exit + "): " + r.output
                    + "\n" + INSTALL_HINT);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("openssl wrote an unreadable certificate", e);
        }
    }

    // --- configuration -----------------------------------------------------------------------------------------

    private void writeConfig() {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[24];
        byte[] admin = new byte[24];
        random.nextBytes(salt);
        random.nextBytes(admin);
        String d = dir.toString();
        StringBuilder s = new StringBuilder("<?php\n// Generated by dev.keyport.testkit.SimpleSamlPhpIdp\n$config = [\n");
        entry(s, "baseurlpath", q(baseUrl().toString()));
        entry(s, "certdir", q(d + "/cert/"));
        entry(s, "loggingdir", q(d + "/log/"));
        entry(s, "datadir", q(d + "/data/"));
        entry(s, "tempdir", q(d + "/tmp/"));
        entry(s, "metadatadir", q(d + "/metadata/"));
        entry(s, "attributenamemapdir", q(attributeMapDir + "/"));
        entry(s, "technicalcontact_name", q("Keyport tests"));
        entry(s, "technicalcontact_email", q("keyport-tests@example.org"));
        entry(s, "timezone", q("UTC"));
        entry(s, "secretsalt", q(HexFormat.of().formatHex(salt)));
        entry(s, "auth.adminpassword", q(HexFormat.of().formatHex(admin)));
        entry(s, "admin.protectindexpage", "true");
        entry(s, "admin.protectmetadata", "false");
        entry(s, "admin.checkforupdates", "false");
        entry(s, "trusted.url.domains", "[]");
        entry(s, "debug", "['saml' => false, 'backtraces' => true, 'validatexml' => false]");
        entry(s, "showerrors", "true");
        entry(s, "errorreporting", "false");
        entry(s, "logging.level", "SimpleSAML\\Logger::WARNING");
        entry(s, "logging.handler", q("file"));
        entry(s, "logging.logfile", q("simplesamlphp.log"));
        entry(s, "enable.saml20-idp", "true");
        entry(s, "enable.shib13-idp", "false");
        entry(s, "enable.adfs-idp", "false");
        entry(s, "module.enable", "['exampleauth' => true, 'core' => true, 'saml' => true]");
        entry(s, "session.duration", "8 * 60 * 60");
        entry(s, "session.datastore.timeout", "4 * 60 * 60");
        entry(s, "session.state.timeout", "60 * 60");
        entry(s, "session.cookie.name", q("SimpleSAMLSessionID"));
        entry(s, "session.cookie.lifetime", "0");
        entry(s, "session.cookie.path", q("/"));
        entry(s, "session.cookie.domain", "null");
        entry(s, "session.cookie.secure", "false"); // Debian's default true silently breaks logins over http
        entry(s, "session.cookie.samesite", q("Lax"));
        entry(s, "session.phpsession.cookiename", q("SimpleSAML"));
        entry(s, "session.phpsession.savepath", q(sessionsDir.toString()));
        entry(s, "session.phpsession.httponly", "true");
        entry(s, "session.authtoken.cookiename", q("SimpleSAMLAuthToken"));
        entry(s, "enable.http_post", "false");
        entry(s, "language.available", "['en']");
        entry(s, "language.default", q("en"));
        entry(s, "usenewui", "false");
        entry(s, "store.type", q("phpsession"));
        s.append("];\n");
        write(configDir.resolve("config.php"), s.toString());
    }

    private synchronized void writeAuthsources() {
        StringBuilder s = new StringBuilder("<?php\n// Generated by dev.keyport.testkit.SimpleSamlPhpIdp\n$config = [\n");
        s.append("  'keyport-users' => [\n    'exampleauth:UserPass',\n");
        for (User u : users.values()) {
            s.append("    ").append(q(u.username() + ":" + u.password())).append(" => [\n");
            s.append("      'uid' => [").append(q(u.username())).append("],\n");
            s.append("      'awsRoles' => ").append(list(u.roles())).append(",\n");
            if (u.sessionName() != null) {
                s.append("      'awsRoleSessionName' => [").append(q(u.sessionName())).append("],\n");
            }
            if (u.sessionDuration() != null) {
                s.append("      'awsSessionDuration' => [").append(q(u.sessionDuration().toString())).append("],\n");
            }
            s.append("    ],\n");
        }
        s.append("  ],\n];\n");
        write(configDir.resolve("authsources.php"), s.toString());
    }

    private void writeIdpHosted() {
        String s = "<?php\n// Generated by dev.keyport.testkit.SimpleSamlPhpIdp\n"
                + "$metadata['__DYNAMIC:1__'] = [\n"
                + "  'host' => '__DEFAULT__',\n"
                + "  'privatekey' => " + q(keyFile.toString()) + ",\n"
                + "  'certificate' => " + q(certFile.toString()) + ",\n"
                + "  'auth' => 'keyport-users',\n"
                + "  'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',\n"
                + "  'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',\n"
                + "];\n";
        write(metadataDir.resolve("saml20-idp-hosted.php"), s);
    }

    private void writeSpRemote() {
        String s = "<?php\n// Generated by dev.keyport.testkit.SimpleSamlPhpIdp\n"
                + "$metadata[" + q(spEntityId) + "] = [\n"
                + "  'entityid' => " + q(spEntityId) + ",\n"
                + "  'AssertionConsumerService' => [[\n"
                + "    'Binding' => 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',\n"
                + "    'Location' => " + q(acs) + ",\n"
                + "    'index' => 0,\n"
                + "    'isDefault' => true,\n"
                + "  ]],\n"
                + "  'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',\n"
                + "  'saml20.sign.response' => true,\n"
                + "  'saml20.sign.assertion' => true,\n"
                + "  'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',\n"
                + "  'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',\n"
                + "  'authproc' => [\n"
                + "    10 => ['class' => 'saml:AttributeNameID', 'attribute' => 'uid',\n"
                + "           'Format' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],\n"
                + "    20 => ['class' => 'core:AttributeMap',\n"
                + "           'awsRoles' => " + q(ATTR_ROLE) + ",\n"
                + "           'awsRoleSessionName' => " + q(ATTR_SESSION_NAME) + ",\n"
                + "           'awsSessionDuration' => " + q(ATTR_SESSION_DURATION) + "],\n"
                + "    30 => ['class' => 'core:AttributeLimit', " + q(ATTR_ROLE) + ", " + q(ATTR_SESSION_NAME) + ", "
                + q(ATTR_SESSION_DURATION) + "],\n"
                + "  ],\n"
                + "];\n";
        write(metadataDir.resolve("saml20-sp-remote.php"), s);
    }

    private static void entry(StringBuilder s, String key, String phpValue) {
        s.append("  ").append(q(key)).append(" => ").append(phpValue).append(",\n");
    }

    /** A PHP single-quoted string literal. */
    private static String q(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String list(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(q(v));
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    private static void write(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            // atomic: php may be reading the previous version right now
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    // --- process -----------------------------------------------------------------------------------------------

    private void startOnFreePort() {
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            port = freeLoopbackPort();
            writeConfig(); // baseurlpath carries the port
            if (launch()) {
                return;
            }
        }
        throw new IllegalStateException("php -S could not bind a loopback port in " + PORT_ATTEMPTS + " attempts\n"
                + diagnostics());
    }

    /** Starts php and waits until the metadata answers; false if php exited because the port was taken. */
    private synchronized boolean launch() {
        List<String> cmd = List.of(php, "-S", "127.0.0.1:" + port, "-t", docroot.toString(),
                "-d", "session.save_path=" + sessionsDir,
                "-d", "display_errors=stderr", "-d", "log_errors=0",
                "-d", "error_reporting=" + (32767 & ~8192 & ~2048)); // E_ALL & ~E_DEPRECATED & ~E_STRICT
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
        pb.environment().put("SIMPLESAMLPHP_CONFIG_DIR", configDir.toString());
        // Several workers, so the browser's parallel requests (favicon, assets) do not queue behind each other.
        pb.environment().remove("PHP_CLI_SERVER_WORKERS");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + php + ": " + INSTALL_HINT, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = tail(serverLog, 20);
                if (log.contains("Address already in use") || log.contains("Failed to listen")) {
                    return false;
                }
                throw new IllegalStateException("php -S exited with " + process.exitValue() + " during start-up\n"
                        + diagnostics());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(metadataUrl()).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("EntityDescriptor")) {
                    return true;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killProcess();
                throw new IllegalStateException("interrupted while starting SimpleSAMLphp", e);
            }
            try {
                Thread.sleep(25); // bounded start-up poll of a child process, not test synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killProcess();
                throw new IllegalStateException("interrupted while starting SimpleSAMLphp", e);
            }
        }
        killProcess();
        throw new IllegalStateException("SimpleSAMLphp metadata at " + metadataUrl() + " not ready within "
                + START_TIMEOUT.toSeconds() + " s (" + last + ")\n" + diagnostics());
    }

    private synchronized void killProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("php -S (pid " + p.pid() + ") did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> cmd, Duration timeout) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) { // does not follow the docroot symlink
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
