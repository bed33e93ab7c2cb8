package dev.keyport.testkit;

import static dev.keyport.testkit.StsEmulator.MSG_INVALID_TOKEN_ID;
import static dev.keyport.testkit.StsEmulator.MSG_SIGNATURE_MISMATCH;
import static dev.keyport.testkit.StsEmulator.MSG_TOKEN_EXPIRED;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import dev.keyport.testkit.StsEmulator.IssuedCredentials;

/**
 * SigV4 verification of the actions signed with credentials the emulator issued (GetCallerIdentity, AssumeRole). It
 * recomputes the signature from the request as received, so a client that signs anything differently from AWS fails
 * here as it would against STS, with the error code and message STS sends.
 */
final class SigV4Verifier {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();

    private final CredentialIssuer credentials;

    SigV4Verifier(CredentialIssuer credentials) {
        this.credentials = credentials;
    }

    /** Verifies the request's SigV4 signature against credentials this emulator issued; returns them. */
    IssuedCredentials authenticate(HttpExchange ex, byte[] body, Instant now) throws StsError {
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
        IssuedCredentials c = credentials.find(scope[0]);
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

        String bodyHash = HEX.formatHex(Digests.sha256(body));
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
                + HEX.formatHex(Digests.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] k = Digests.hmac(("AWS4" + c.secretAccessKey()).getBytes(StandardCharsets.UTF_8), scope[1]);
        k = Digests.hmac(k, scope[2]);
        k = Digests.hmac(k, scope[3]);
        k = Digests.hmac(k, scope[4]);
        byte[] expected = HEX.formatHex(Digests.hmac(k, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new StsError(403, "SignatureDoesNotMatch", MSG_SIGNATURE_MISMATCH);
        }
        return c;
    }

    /** SigV4's canonical query string: names and values decoded, re-encoded by {@link #uriEncode}, sorted by name, then value. */
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

    /** RFC 3986 encoding as SigV4 wants it: every byte but the unreserved characters as %XX, hex in upper case. */
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
}
