package dev.keyport.testkit;

import static dev.keyport.testkit.StsResponses.error;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A faithful AWS STS endpoint (AssumeRoleWithSAML, GetCallerIdentity, AssumeRole) on 127.0.0.1, for tests. It checks what it
 * receives with the JDK only (DOM, javax.xml.crypto.dsig, HMAC), independently of Keyport's code and of OpenSAML.
 * Nothing is logged. Every request and every issued credential is recorded.
 *
 * <p>This class owns the HTTP server, the public API, reading and dispatching requests and the request record. The
 * actions live in {@link AssumeRoleWithSaml} (with {@link SamlXml} and {@link SamlSignatureVerifier}) and
 * {@link SignedActions} (with {@link SigV4Verifier}); {@link CredentialIssuer} issues and records credentials and
 * {@link StsResponses} writes the XML answers.
 */
public final class StsEmulator implements AutoCloseable {

    public static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    public static final String API_VERSION = "2011-06-15";
    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;
    public static final int DEFAULT_DURATION = 3600;

    // messages as STS sends them
    public static final String MSG_NOT_AUTHORIZED = "Not authorized to perform sts:AssumeRoleWithSAML";
    public static final String MSG_ARN_INVALID = "Request ARN is invalid";
    public static final String MSG_NO_PROVIDER = "Specified provider doesn't exist";
    public static final String MSG_SIGNATURE_INVALID = "Response signature invalid";
    public static final String MSG_SESSION_NAME_REQUIRED = "RoleSessionName is required in AuthnResponse";
    public static final String MSG_SESSION_NAME_PATTERN = "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}";
    public static final String MSG_SOURCE_IDENTITY_PATTERN = "Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"";
    public static final String MSG_EXPIRED = "Token must be redeemed within 5 minutes of issuance";
    public static final String MSG_ISSUER = "Issuer not present in specified provider";
    public static final String MSG_AUDIENCE = "Response does not contain the required audience";
    public static final String MSG_MAX_SESSION = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
    public static final String MSG_INVALID_TOKEN_ID = "The security token included in the request is invalid.";
    public static final String MSG_TOKEN_EXPIRED = "The security token included in the request is expired";
    public static final String MSG_SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    public static final String MSG_CHAINED_DURATION =
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";

    static final String SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String ROLE_ATTR = "https://aws.amazon.com/SAML/Attributes/Role";
    static final String SESSION_NAME_ATTR = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    static final String SOURCE_IDENTITY_ATTR = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";

    private static final int MAX_BODY = 1 << 20;

    /** One HTTP call to the emulator as received. */
    public record ReceivedRequest(Instant receivedAt, String method, String path, String action, String roleArn,
                                  String principalArn, Integer durationSeconds, String samlAssertion,
                                  Map<String, String> parameters, Map<String, List<String>> headers,
                                  int httpStatus, String errorCode) {
        /** First value of a header, name case-insensitive. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        @Override
        public String toString() { // no assertion, token or signature: they are bearer secrets
            return "ReceivedRequest[" + method + " " + path + " action=" + action + ", roleArn=" + roleArn
                    + ", principalArn=" + principalArn + ", durationSeconds=" + durationSeconds + ", samlAssertion="
                    + (samlAssertion == null ? "null" : samlAssertion.length() + " chars") + ", status=" + httpStatus
                    + ", errorCode=" + errorCode + ", headers=" + headers.keySet() + "]";
        }
    }

    /** Credentials the emulator issued, with what they were issued for. */
    public record IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                                    String roleArn, String principalArn, String roleSessionName, String assumedRoleId,
                                    String identityArn, String account, String issuer, String subject,
                                    String subjectType, String nameQualifier, String audience, String sourceIdentity,
                                    int durationSeconds, Instant issuedAt) {
        @Override
        public String toString() {
            return "IssuedCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken=***, expiration="
                    + expiration + ", identityArn=" + identityArn + ", durationSeconds=" + durationSeconds + "]";
        }
    }

    private record Injected(int status, String code, String message) {
    }

    private record Outcome(int status, String body, String errorCode) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final CredentialIssuer credentials = new CredentialIssuer();
    private final AssumeRoleWithSaml samlFederation = new AssumeRoleWithSaml(credentials);
    private final SignedActions signedActions = new SignedActions(credentials);
    private final ConcurrentLinkedQueue<Injected> injected = new ConcurrentLinkedQueue<>();
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean recording = true;
    private final List<Throwable> internalErrors = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    static {
        // The JDK server writes response headers and body separately; with Nagle's algorithm on, the body then
        // waits for the client's delayed ACK (about 40 ms on loopback), which would dominate every measured start.
        // Read once when the server implementation initialises, so it must be set before the first server exists.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Starts listening on 127.0.0.1 at a free port. */
    public StsEmulator() {
        this(0);
    }

    /**
     * Starts listening on 127.0.0.1 at {@code port} (0: a free one). When the port cannot be bound (in use, or not
     * allowed), the {@link IllegalStateException} has the {@link java.net.BindException} as its cause, so that a
     * program can tell its user which port to change.
     */
    public StsEmulator(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the STS emulator to 127.0.0.1:" + port, e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "sts-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle).getFilters().add(new LocalCallersOnly(server.getAddress().getPort()));
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code http://127.0.0.1:PORT}, for endpointOverride / --endpoint-url. */
    public URI endpoint() {
        return endpoint;
    }

    /** Registers an IAM SAML provider; with a key, signatures are verified against it; null skips signature checks. */
    public StsEmulator registerProvider(String providerArn, PublicKey signingKey) {
        return registerProvider(providerArn, signingKey, null);
    }

    /** As {@link #registerProvider(String, PublicKey)}, and the assertion Issuer must equal {@code expectedIssuer} (null: any). */
    public StsEmulator registerProvider(String providerArn, PublicKey signingKey, String expectedIssuer) {
        samlFederation.registerProvider(providerArn, signingKey, expectedIssuer);
        return this;
    }

    public boolean hasProvider(String providerArn) {
        return samlFederation.hasProvider(providerArn);
    }

    /** The role's MaxSessionDuration (default 3600). */
    public StsEmulator maxSessionDuration(String roleArn, int seconds) {
        samlFederation.maxSessionDuration(roleArn, seconds);
        return this;
    }

    /** The next request (any action) fails with this error; calls queue up in order. */
    public StsEmulator failNext(int httpStatus, String code, String message) {
        injected.add(new Injected(httpStatus, code, message));
        return this;
    }

    /** Clock for expiry checks, Expiration and SigV4 time checks (default system UTC). */
    public StsEmulator clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Adds another handler on the same port (e.g. the TestkitServer's /_testkit routes). */
    public void route(String pathPrefix, HttpHandler handler) {
        server.createContext(pathPrefix, handler).getFilters().add(new LocalCallersOnly(server.getAddress().getPort()));
    }

    /**
     * Whether each request is kept for {@link #requests()} (default true, for tests). A long-running kit
     * ({@code keyport testkit}) keeps none, so its memory does not grow with what it is sent.
     */
    public StsEmulator recordRequests(boolean record) {
        this.recording = record;
        return this;
    }

    /** Snapshot of every request received, in order. */
    public List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Snapshot of every credential issued, in order. */
    public List<IssuedCredentials> issuedCredentials() {
        return credentials.issued();
    }

    /** Unexpected failures of the emulator itself (answered as 500 InternalFailure). */
    public List<Throwable> internalErrors() {
        return List.copyOf(internalErrors);
    }

    /** Forgets recorded requests and pending injected failures (issued credentials stay valid). */
    public void clearRecords() {
        requests.clear();
        injected.clear();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try {
            Instant now = clock.instant();
            String requestId = UUID.randomUUID().toString();
            byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
            Map<String, String> params = new LinkedHashMap<>();
            parseForm(ex.getRequestURI().getRawQuery(), params);
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            if ("POST".equals(ex.getRequestMethod()) && (contentType == null
                    || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
                parseForm(new String(body, StandardCharsets.UTF_8), params);
            }
            String action = params.get("Action");
            Outcome outcome;
            Integer duration = null;
            try {
                String d = params.get("DurationSeconds");
                duration = d == null ? null : Integer.valueOf(d.trim());
            } catch (NumberFormatException ignored) {
                // reported by the validation below
            }
            Injected failure;
            if (!"/".equals(ex.getRequestURI().getPath())) {
                outcome = new Outcome(404, error("Sender", "NotFound", "Unknown path", requestId), "NotFound");
            } else if (body.length > MAX_BODY) {
                outcome = new Outcome(413, error("Sender", "RequestEntityTooLarge", "Request body too large", requestId),
                        "RequestEntityTooLarge");
            } else if ((failure = injected.poll()) != null) {
                outcome = new Outcome(failure.status(), error(failure.status() >= 500 ? "Receiver" : "Sender",
                        failure.code(), failure.message(), requestId), failure.code());
            } else {
                try {
                    String xml;
                    if ("AssumeRoleWithSAML".equals(action)) {
                        xml = samlFederation.answer(params, now, requestId);
                    } else if ("GetCallerIdentity".equals(action)) {
                        xml = signedActions.getCallerIdentity(ex, body, now, requestId);
                    } else if ("AssumeRole".equals(action)) {
                        xml = signedActions.assumeRole(ex, body, params, now, requestId);
                    } else {
                        throw new StsError(400, "InvalidAction", "Could not find operation " + action
                                + " for version " + params.getOrDefault("Version", "NO_VERSION_SPECIFIED"));
                    }
                    outcome = new Outcome(200, xml, null);
                } catch (StsError e) {
                    outcome = new Outcome(e.status, error("Sender", e.code, e.getMessage(), requestId), e.code);
                }
            }
            if (recording) {
                requests.add(new ReceivedRequest(now, ex.getRequestMethod(), ex.getRequestURI().getPath(), action,
                        params.get("RoleArn"), params.get("PrincipalArn"), duration, params.get("SAMLAssertion"),
                        Collections.unmodifiableMap(params), headers(ex.getRequestHeaders()), outcome.status(),
                        outcome.errorCode()));
            }
            send(ex, outcome.status(), outcome.body(), requestId);
        } catch (Throwable t) {
            internalErrors.add(t);
            String id = UUID.randomUUID().toString();
            send(ex, 500, error("Receiver", "InternalFailure", "STS emulator failure: " + t.getClass().getName(), id), id);
        } finally {
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, String xml, String requestId) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml");
        ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, List<String>> headers(Headers h) {
        Map<String, List<String>> m = new TreeMap<>();
        h.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return Collections.unmodifiableMap(m);
    }

    static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String part : form.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            into.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
    }
}
