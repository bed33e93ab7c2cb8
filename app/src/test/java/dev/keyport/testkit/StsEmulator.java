package dev.keyport.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * A faithful AWS STS endpoint (AssumeRoleWithSAML, GetCallerIdentity, AssumeRole) on 127.0.0.1, for tests. It checks what it
 * receives with the JDK only (DOM, javax.xml.crypto.dsig, HMAC), independently of Keyport's code and of OpenSAML.
 * Nothing is logged. Every request and every issued credential is recorded.
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

    static final String SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String ROLE_ATTR = "https://aws.amazon.com/SAML/Attributes/Role";
    static final String SESSION_NAME_ATTR = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    static final String SOURCE_IDENTITY_ATTR = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";

    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn):iam::(\\d{12}):role/([\\w+=,.@/-]{1,512})");
    private static final Pattern PROVIDER_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn):iam::(\\d{12}):saml-provider/([\\w.-]{1,128})");
    private static final Pattern SESSION_NAME = Pattern.compile("[a-zA-Z_0-9+=,.@-]{2,64}");
    private static final Pattern AUDIENCE = Pattern.compile(
            "urn:amazon:webservices(:[a-z0-9-]+)?|https://([a-z0-9-]+\\.)?signin\\.(aws\\.amazon\\.com|amazonaws-us-gov\\.com|amazonaws\\.cn)/saml(#\\d+)?");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
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

    private record Provider(PublicKey key, String issuer) {
    }

    private record Injected(int status, String code, String message) {
    }

    private record Outcome(int status, String body, String errorCode) {
    }

    /** An STS error reply. */
    private static final class StsError extends Exception {
        final int status;
        final String code;

        StsError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxSessionDurations = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Injected> injected = new ConcurrentLinkedQueue<>();
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<IssuedCredentials> issued = new CopyOnWriteArrayList<>();
    private final Map<String, IssuedCredentials> byAccessKey = new ConcurrentHashMap<>();
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
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the STS emulator", e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "sts-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
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
        providers.put(providerArn, new Provider(signingKey, expectedIssuer));
        return this;
    }

    public boolean hasProvider(String providerArn) {
        return providers.containsKey(providerArn);
    }

    /** The role's MaxSessionDuration (default 3600). */
    public StsEmulator maxSessionDuration(String roleArn, int seconds) {
        maxSessionDurations.put(roleArn, seconds);
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
        server.createContext(pathPrefix, handler);
    }

    /** Snapshot of every request received, in order. */
    public List<ReceivedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Snapshot of every credential issued, in order. */
    public List<IssuedCredentials> issuedCredentials() {
        return List.copyOf(issued);
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
                        xml = assumeRoleWithSaml(params, now, requestId);
                    } else if ("GetCallerIdentity".equals(action)) {
                        xml = getCallerIdentity(ex, body, now, requestId);
                    } else if ("AssumeRole".equals(action)) {
                        xml = assumeRole(ex, body, params, now, requestId);
                    } else {
                        throw new StsError(400, "InvalidAction", "Could not find operation " + action
                                + " for version " + params.getOrDefault("Version", "NO_VERSION_SPECIFIED"));
                    }
                    outcome = new Outcome(200, xml, null);
                } catch (StsError e) {
                    outcome = new Outcome(e.status, error("Sender", e.code, e.getMessage(), requestId), e.code);
                }
            }
            requests.add(new ReceivedRequest(now, ex.getRequestMethod(), ex.getRequestURI().getPath(), action,
                    params.get("RoleArn"), params.get("PrincipalArn"), duration, params.get("SAMLAssertion"),
                    Collections.unmodifiableMap(params), headers(ex.getRequestHeaders()), outcome.status(),
                    outcome.errorCode()));
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

    // --- AssumeRoleWithSAML -------------------------------------------------------------------------------------------

    private String assumeRoleWithSaml(Map<String, String> p, Instant now, String requestId) throws StsError {
        String roleArn = p.get("RoleArn");
        String principalArn = p.get("PrincipalArn");
        String saml = p.get("SAMLAssertion");
        String durationText = p.get("DurationSeconds");

        // 1. request shape (what the API model validates)
        List<String> problems = new ArrayList<>();
        lengthProblem(problems, "roleArn", roleArn, 20, 2048);
        lengthProblem(problems, "principalArn", principalArn, 20, 2048);
        lengthProblem(problems, "sAMLAssertion", saml, 4, 100000);
        int duration = DEFAULT_DURATION;
        if (durationText != null) {
            try {
                duration = Integer.parseInt(durationText.trim());
            } catch (NumberFormatException e) {
                throw new StsError(400, "ValidationError", "Value '" + durationText + "' for parameter DurationSeconds is invalid");
            }
            if (duration < 900) {
                problems.add("Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 900");
            } else if (duration > 43200) {
                problems.add("Value '" + duration + "' at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 43200");
            }
        }
        if (!problems.isEmpty()) {
            throw new StsError(400, "ValidationError", problems.size() + " validation error"
                    + (problems.size() == 1 ? "" : "s") + " detected: " + String.join("; ", problems));
        }

        // 2. ARNs well-formed and not swapped
        var role = ROLE_ARN.matcher(roleArn);
        var provider = PROVIDER_ARN.matcher(principalArn);
        if (!role.matches() || !provider.matches()) {
            throw new StsError(400, "ValidationError", MSG_ARN_INVALID);
        }

        // 3. provider known in this "account/partition"
        Provider registered = providers.get(principalArn);
        if (registered == null) {
            throw new StsError(400, "InvalidIdentityToken", MSG_NO_PROVIDER);
        }

        // 4. base64 XML SAML Response
        Document doc = parseAssertion(saml);
        Element response = doc.getDocumentElement();
        if (!SAMLP_NS.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: the root element is not a SAML 2.0 Response");
        }
        Element statusCode = first(first(response, SAMLP_NS, "Status"), SAMLP_NS, "StatusCode");
        if (statusCode == null || !"urn:oasis:names:tc:SAML:2.0:status:Success".equals(statusCode.getAttribute("Value"))) {
            throw new StsError(400, "InvalidIdentityToken", "SAML response status is not Success");
        }
        List<Element> assertions = children(response, SAML_NS, "Assertion");
        if (assertions.isEmpty()) {
            if (!children(response, SAML_NS, "EncryptedAssertion").isEmpty()) {
                throw new StsError(400, "InvalidIdentityToken",
                        "Unable to decrypt EncryptedAssertion (the STS emulator holds no decryption key)");
            }
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: no Assertion");
        }
        if (assertions.size() > 1) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: more than one Assertion");
        }
        Element assertion = assertions.get(0);

        // 5. signature
        if (registered.key() != null) {
            verifySignatures(doc, response, assertion, registered.key());
        }

        // 6. issuer and audience
        String issuer = text(first(assertion, SAML_NS, "Issuer"));
        if (registered.issuer() != null && !registered.issuer().equals(issuer)) {
            throw new StsError(400, "InvalidIdentityToken", MSG_ISSUER);
        }
        Element conditions = first(assertion, SAML_NS, "Conditions");
        boolean audienceOk = false;
        for (Element ar : children(conditions, SAML_NS, "AudienceRestriction")) {
            for (Element a : children(ar, SAML_NS, "Audience")) {
                audienceOk |= AUDIENCE.matcher(text(a)).matches();
            }
        }
        if (!audienceOk) {
            throw new StsError(400, "InvalidIdentityToken", MSG_AUDIENCE);
        }

        // 7. expiry
        List<Instant> limits = new ArrayList<>();
        if (conditions != null && conditions.hasAttribute("NotOnOrAfter")) {
            limits.add(instant(conditions.getAttribute("NotOnOrAfter")));
        }
        Element subject = first(assertion, SAML_NS, "Subject");
        String audience = null;
        for (Element sc : children(subject, SAML_NS, "SubjectConfirmation")) {
            Element scd = first(sc, SAML_NS, "SubjectConfirmationData");
            if (scd != null && scd.hasAttribute("NotOnOrAfter")) {
                limits.add(instant(scd.getAttribute("NotOnOrAfter")));
            }
            if (scd != null && audience == null && scd.hasAttribute("Recipient")) {
                audience = scd.getAttribute("Recipient").trim();
            }
        }
        for (Instant limit : limits) {
            if (!now.isBefore(limit)) {
                throw new StsError(400, "ExpiredTokenException", MSG_EXPIRED);
            }
        }

        // 8. attributes
        Map<String, List<String>> attributes = attributes(assertion);
        List<String> names = attributes.getOrDefault(SESSION_NAME_ATTR, List.of());
        if (names.isEmpty() || names.get(0).isBlank()) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SESSION_NAME_REQUIRED);
        }
        String sessionName = names.get(0).trim();
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SESSION_NAME_PATTERN);
        }
        String sourceIdentity = null;
        List<String> sources = attributes.getOrDefault(SOURCE_IDENTITY_ATTR, List.of());
        if (!sources.isEmpty()) {
            sourceIdentity = sources.get(0).trim();
            if (!SESSION_NAME.matcher(sourceIdentity).matches() || sourceIdentity.startsWith("aws:")) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SOURCE_IDENTITY_PATTERN);
            }
        }

        // 9. the pair must be granted by one Role value (either order, values trimmed)
        boolean granted = false;
        for (String value : attributes.getOrDefault(ROLE_ATTR, List.of())) {
            Set<String> arns = new HashSet<>();
            for (String token : value.split(",")) {
                arns.add(token.trim());
            }
            granted |= arns.contains(roleArn) && arns.contains(principalArn);
        }
        if (!granted) {
            throw new StsError(403, "AccessDenied", MSG_NOT_AUTHORIZED);
        }

        // 10. role limits
        int max = maxSessionDurations.getOrDefault(roleArn, DEFAULT_MAX_SESSION_DURATION);
        if (duration > max) {
            throw new StsError(400, "ValidationError", MSG_MAX_SESSION);
        }

        // issue
        Instant expiration = now.plusSeconds(duration);
        Element authn = first(assertion, SAML_NS, "AuthnStatement");
        if (authn != null && authn.hasAttribute("SessionNotOnOrAfter")) {
            Instant cap = instant(authn.getAttribute("SessionNotOnOrAfter"));
            if (cap.isBefore(expiration)) {
                expiration = cap;
            }
        }
        expiration = expiration.truncatedTo(ChronoUnit.SECONDS);
        String partition = role.group(1);
        String account = role.group(2);
        String rolePath = role.group(3);
        String roleName = rolePath.substring(rolePath.lastIndexOf('/') + 1);
        String assumedRoleId = roleId(roleArn) + ":" + sessionName;
        String assumedArn = "arn:" + partition + ":sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
        Element nameId = first(subject, SAML_NS, "NameID");
        String subjectValue = text(nameId);
        String format = nameId == null || !nameId.hasAttribute("Format")
                ? "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified" : nameId.getAttribute("Format").trim();
        String subjectType = format.startsWith("urn:oasis:names:tc:SAML:2.0:nameid-format:")
                ? format.substring("urn:oasis:names:tc:SAML:2.0:nameid-format:".length()) : format;
        String nameQualifier = Base64.getEncoder().encodeToString(sha1(issuer + account + "/" + provider.group(3)));
        IssuedCredentials c = new IssuedCredentials(randomKeyId(), random(40, BASE64_CHARS), sessionToken(), expiration,
                roleArn, principalArn, sessionName, assumedRoleId, assumedArn, account, issuer, subjectValue,
                subjectType, nameQualifier, audience == null ? SamlResponseFactory.ACS_AWS : audience, sourceIdentity,
                duration, now);
        byAccessKey.put(c.accessKeyId(), c);
        issued.add(c);

        StringBuilder x = new StringBuilder(2048);
        x.append("<AssumeRoleWithSAMLResponse xmlns=\"").append(STS_NS).append("\">\n  <AssumeRoleWithSAMLResult>\n");
        el(x, "    ", "Audience", c.audience());
        assumedRoleAndCredentials(x, c);
        el(x, "    ", "Issuer", c.issuer());
        el(x, "    ", "NameQualifier", c.nameQualifier());
        el(x, "    ", "Subject", c.subject());
        el(x, "    ", "SubjectType", c.subjectType());
        if (sourceIdentity != null) {
            el(x, "    ", "SourceIdentity", sourceIdentity);
        }
        if (p.containsKey("Policy") || p.keySet().stream().anyMatch(k -> k.startsWith("PolicyArns."))) {
            el(x, "    ", "PackedPolicySize", "6");
        }
        x.append("  </AssumeRoleWithSAMLResult>\n  <ResponseMetadata>\n");
        el(x, "    ", "RequestId", requestId);
        x.append("  </ResponseMetadata>\n</AssumeRoleWithSAMLResponse>\n");
        return x.toString();
    }

    private static void lengthProblem(List<String> problems, String field, String value, int min, int max) {
        if (value == null) {
            problems.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        } else if (value.length() < min) {
            problems.add("Value '" + value + "' at '" + field + "' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to " + min);
        } else if (value.length() > max) {
            problems.add("Value at '" + field + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    private static Document parseAssertion(String saml) throws StsError {
        byte[] xml;
        try {
            xml = Base64.getDecoder().decode(saml.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid base64 SAMLResponse (check that your SAML response is Base64 encoded)");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance(); // the JDK's own parser
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() { // no "[Fatal Error]" on stderr
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: not well-formed XML or contains a DTD");
        }
    }

    /** Verifies the Response and/or Assertion enveloped signatures with the JDK's XMLDSig provider. */
    private static void verifySignatures(Document doc, Element response, Element assertion, PublicKey key) throws StsError {
        Set<String> ids = new HashSet<>();
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            boolean samlElement = (SAMLP_NS.equals(e.getNamespaceURI()) && "Response".equals(e.getLocalName()))
                    || (SAML_NS.equals(e.getNamespaceURI()) && "Assertion".equals(e.getLocalName()));
            if (samlElement && e.hasAttribute("ID")) {
                if (!ids.add(e.getAttribute("ID"))) {
                    throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID); // duplicate IDs: wrapping
                }
                e.setIdAttributeNS(null, "ID", true);
            }
        }
        boolean responseSigned = verifyEnveloped(response, key);
        boolean assertionSigned = verifyEnveloped(assertion, key);
        if (!responseSigned && !assertionSigned) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
        }
    }

    /** @return false when the element carries no signature; throws when it carries one that does not verify */
    private static boolean verifyEnveloped(Element signed, PublicKey key) throws StsError {
        List<Element> signatures = children(signed, XMLSignature.XMLNS, "Signature");
        if (signatures.isEmpty()) {
            return false;
        }
        if (signatures.size() > 1) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
        }
        try {
            XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM", "XMLDSig"); // the JDK provider
            DOMValidateContext ctx = new DOMValidateContext(key, signatures.get(0));
            ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            ctx.setIdAttributeNS(signed, null, "ID");
            XMLSignature sig = f.unmarshalXMLSignature(ctx);
            String alg = sig.getSignedInfo().getSignatureMethod().getAlgorithm();
            boolean rsa = alg.equals(SignatureMethod.RSA_SHA256) || alg.equals(SignatureMethod.RSA_SHA512)
                    || alg.equals(SignatureMethod.RSA_SHA384) || alg.equals(SignatureMethod.RSA_SHA1);
            List<?> refs = sig.getSignedInfo().getReferences();
            if (!rsa || refs.size() != 1) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
            }
            Reference ref = (Reference) refs.get(0);
            if (!("#" + signed.getAttribute("ID")).equals(ref.getURI()) || signed.getAttribute("ID").isEmpty()) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
            }
            for (Object t : ref.getTransforms()) {
                String ta = ((Transform) t).getAlgorithm();
                if (!ta.equals(Transform.ENVELOPED) && !ta.equals(CanonicalizationMethod.EXCLUSIVE)
                        && !ta.equals(CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS)
                        && !ta.equals(CanonicalizationMethod.INCLUSIVE)) {
                    throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
                }
            }
            if (!sig.validate(ctx)) {
                throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
            }
            return true;
        } catch (StsError e) {
            throw e;
        } catch (Exception e) {
            throw new StsError(400, "InvalidIdentityToken", MSG_SIGNATURE_INVALID);
        }
    }

    private static Map<String, List<String>> attributes(Element assertion) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Element st : children(assertion, SAML_NS, "AttributeStatement")) {
            for (Element a : children(st, SAML_NS, "Attribute")) {
                List<String> values = m.computeIfAbsent(a.getAttribute("Name"), k -> new ArrayList<>());
                for (Element v : children(a, SAML_NS, "AttributeValue")) {
                    values.add(v.getTextContent());
                }
            }
        }
        return m;
    }

    private static Instant instant(String xsDateTime) throws StsError {
        try {
            return OffsetDateTime.parse(xsDateTime.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new StsError(400, "InvalidIdentityToken", "Invalid SAML response: bad dateTime");
        }
    }

    // --- GetCallerIdentity (SigV4) ------------------------------------------------------------------------------------

    private String getCallerIdentity(HttpExchange ex, byte[] body, Instant now, String requestId) throws StsError {
        IssuedCredentials c = authenticate(ex, body, now);
        StringBuilder x = new StringBuilder(512);
        x.append("<GetCallerIdentityResponse xmlns=\"").append(STS_NS).append("\">\n  <GetCallerIdentityResult>\n");
        el(x, "    ", "Arn", c.identityArn());
        el(x, "    ", "UserId", c.assumedRoleId());
        el(x, "    ", "Account", c.account());
        x.append("  </GetCallerIdentityResult>\n  <ResponseMetadata>\n");
        el(x, "    ", "RequestId", requestId);
        x.append("  </ResponseMetadata>\n</GetCallerIdentityResponse>\n");
        return x.toString();
    }

    // --- AssumeRole (SigV4, role chaining) ----------------------------------------------------------------------------

    public static final String MSG_CHAINED_DURATION =
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";

    /** AssumeRole signed with credentials this emulator issued: role chaining, capped at one hour like AWS. */
    private String assumeRole(HttpExchange ex, byte[] body, Map<String, String> p, Instant now, String requestId)
            throws StsError {
        IssuedCredentials caller = authenticate(ex, body, now);
        String roleArn = p.getOrDefault("RoleArn", "").trim();
        var role = ROLE_ARN.matcher(roleArn);
        if (!role.matches()) {
            throw new StsError(400, "ValidationError", "Request ARN is invalid");
        }
        String sessionName = p.getOrDefault("RoleSessionName", "").trim();
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName'"
                    + " failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        int duration = Integer.parseInt(p.getOrDefault("DurationSeconds", "3600").trim());
        if (duration < 900) {
            throw new StsError(400, "ValidationError", "DurationSeconds must be at least 900");
        }
        if (duration > 3600) {
            throw new StsError(400, "ValidationError", MSG_CHAINED_DURATION);
        }
        Instant expiration = now.plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        String account = role.group(2);
        String rolePath = role.group(3);
        String roleName = rolePath.substring(rolePath.lastIndexOf('/') + 1);
        String assumedArn = "arn:" + role.group(1) + ":sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
        IssuedCredentials c = new IssuedCredentials(randomKeyId(), random(40, BASE64_CHARS), sessionToken(), expiration,
                roleArn, caller.identityArn(), sessionName, roleId(roleArn) + ":" + sessionName, assumedArn, account,
                null, null, null, null, null, null, duration, now);
        byAccessKey.put(c.accessKeyId(), c);
        issued.add(c);
        StringBuilder x = new StringBuilder(1024);
        x.append("<AssumeRoleResponse xmlns=\"").append(STS_NS).append("\">\n  <AssumeRoleResult>\n");
        assumedRoleAndCredentials(x, c);
        x.append("  </AssumeRoleResult>\n  <ResponseMetadata>\n");
        el(x, "    ", "RequestId", requestId);
        x.append("  </ResponseMetadata>\n</AssumeRoleResponse>\n");
        return x.toString();
    }

    /** The AssumedRoleUser and Credentials elements both AssumeRole actions answer with. */
    private static void assumedRoleAndCredentials(StringBuilder x, IssuedCredentials c) {
        x.append("    <AssumedRoleUser>\n");
        el(x, "      ", "AssumedRoleId", c.assumedRoleId());
        el(x, "      ", "Arn", c.identityArn());
        x.append("    </AssumedRoleUser>\n    <Credentials>\n");
        el(x, "      ", "AccessKeyId", c.accessKeyId());
        el(x, "      ", "SecretAccessKey", c.secretAccessKey());
        el(x, "      ", "SessionToken", c.sessionToken());
        el(x, "      ", "Expiration", DateTimeFormatter.ISO_INSTANT.format(c.expiration()));
        x.append("    </Credentials>\n");
    }

    /** Verifies the request's SigV4 signature against credentials this emulator issued; returns them. */
    private IssuedCredentials authenticate(HttpExchange ex, byte[] body, Instant now) throws StsError {
        Headers h = ex.getRequestHeaders();
        String auth = h.getFirst("Authorization");
        if (auth == null) {
            throw new StsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        }
        auth = auth.trim();
        if (!auth.startsWith("AWS4-HMAC-SHA256 ")) {
            throw new StsError(400, "IncompleteSignature", "Unsupported AWS 'algorithm': only AWS4-HMAC-SHA256 is accepted");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String kv : auth.substring("AWS4-HMAC-SHA256 ".length()).split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                parts.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw new StsError(400, "IncompleteSignature",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5) {
            throw new StsError(400, "IncompleteSignature", "Credential must have exactly 5 slash-delimited elements");
        }
        IssuedCredentials c = byAccessKey.get(scope[0]);
        if (c == null) {
            throw new StsError(403, "InvalidClientTokenId", MSG_INVALID_TOKEN_ID);
        }
        String token = h.getFirst("X-Amz-Security-Token");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                c.sessionToken().getBytes(StandardCharsets.UTF_8))) {
            throw new StsError(403, "InvalidClientTokenId", MSG_INVALID_TOKEN_ID);
        }
        String amzDate = h.getFirst("X-Amz-Date");
        if (amzDate == null) {
            throw new StsError(400, "IncompleteSignature",
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Instant requestTime;
        try {
            requestTime = LocalDateTime.parse(amzDate.trim(), AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new StsError(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'.");
        }
        String nowText = AMZ_DATE.format(now.atOffset(ZoneOffset.UTC));
        if (requestTime.isBefore(now.minus(Duration.ofMinutes(15)))) {
            throw new StsError(403, "SignatureDoesNotMatch", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(Duration.ofMinutes(15)).atOffset(ZoneOffset.UTC)) + " (" + nowText + " - 15 min.)");
        }
        if (requestTime.isAfter(now.plus(Duration.ofMinutes(15)))) {
            throw new StsError(403, "SignatureDoesNotMatch", "Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(Duration.ofMinutes(15)).atOffset(ZoneOffset.UTC)) + " (" + nowText + " + 15 min.)");
        }
        if (!scope[1].equals(amzDate.trim().substring(0, 8)) || !"sts".equals(scope[3]) || !"aws4_request".equals(scope[4])) {
            throw new StsError(403, "SignatureDoesNotMatch", MSG_SIGNATURE_MISMATCH);
        }
        if (!now.isBefore(c.expiration())) {
            throw new StsError(403, "ExpiredToken", MSG_TOKEN_EXPIRED);
        }

        String bodyHash = HEX.formatHex(sha256(body));
        String declared = h.getFirst("X-Amz-Content-Sha256");
        if (declared != null && !"UNSIGNED-PAYLOAD".equals(declared.trim()) && !declared.trim().equalsIgnoreCase(bodyHash)) {
            throw new StsError(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        List<String> headerNames = List.of(signedHeaders.split(";"));
        if (!headerNames.contains("host")) {
            throw new StsError(403, "SignatureDoesNotMatch", MSG_SIGNATURE_MISMATCH);
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(ex.getRequestMethod()).append('\n');
        String rawPath = ex.getRequestURI().getRawPath();
        canonical.append(rawPath == null || rawPath.isEmpty() ? "/" : rawPath).append('\n');
        canonical.append(canonicalQuery(ex.getRequestURI().getRawQuery())).append('\n');
        for (String name : headerNames) {
            List<String> values = h.get(name);
            if (values == null) {
                throw new StsError(403, "SignatureDoesNotMatch", MSG_SIGNATURE_MISMATCH);
            }
            List<String> cleaned = new ArrayList<>();
            for (String v : values) {
                cleaned.add(v.trim().replaceAll(" +", " "));
            }
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", cleaned)).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n');
        canonical.append(declared != null ? declared.trim() : bodyHash);
        String scopeText = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate.trim() + "\n" + scopeText + "\n"
                + HEX.formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + c.secretAccessKey()).getBytes(StandardCharsets.UTF_8), scope[1]);
        k = hmac(k, scope[2]);
        k = hmac(k, scope[3]);
        k = hmac(k, scope[4]);
        byte[] expected = HEX.formatHex(hmac(k, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new StsError(403, "SignatureDoesNotMatch", MSG_SIGNATURE_MISMATCH);
        }
        return c;
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] {uriEncode(k), uriEncode(v)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    static String uriEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static String randomKeyId() {
        return "ASIA" + random(16, KEY_CHARS);
    }

    private static String random(int n, String alphabet) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String sessionToken() {
        byte[] b = new byte[320];
        RANDOM.nextBytes(b);
        return "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(b);
    }

    /** Stable per role, like IAM's unique role id: AROA + 17 characters. */
    private static String roleId(String roleArn) {
        byte[] d = sha256(roleArn.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            sb.append(KEY_CHARS.charAt((d[i] & 0xff) % KEY_CHARS.length()));
        }
        return sb.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha1(String data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element first(Element parent, String ns, String local) {
        List<Element> c = children(parent, ns, local);
        return c.isEmpty() ? null : c.get(0);
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().trim();
    }

    private static void el(StringBuilder x, String indent, String name, String value) {
        x.append(indent).append('<').append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String error(String type, String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + STS_NS + "\">\n  <Error>\n    <Type>" + escape(type) + "</Type>\n    <Code>"
                + escape(code) + "</Code>\n    <Message>" + escape(message) + "</Message>\n  </Error>\n  <RequestId>"
                + requestId + "</RequestId>\n</ErrorResponse>\n";
    }
}
