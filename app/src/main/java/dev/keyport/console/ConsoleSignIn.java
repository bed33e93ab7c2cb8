package dev.keyport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyport.aws.Arn;
import dev.keyport.aws.Partition;
import dev.keyport.session.FederatedSession;
import dev.keyport.session.SessionCatalogue;
import dev.keyport.session.SessionStarter;
import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.ErrorCategory;
import dev.keyport.spi.KeyportException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * AWS console sign-in URLs for a session: the partition's federation endpoint exchanges the session's credentials for
 * a sign-in token ({@code Action=getSigninToken}), which goes into an {@code Action=login} URL. The URL signs anyone
 * who has it in for the console session's length: it is returned to the caller and never logged, and no message or
 * exception quotes it or the token.
 */
@Singleton
public class ConsoleSignIn {
    static final String ISSUER = "keyport";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SessionCatalogue catalogue;
    private final SessionStarter starter;
    private final ConsoleConfig config;
    private final HttpClient http;

    public ConsoleSignIn(SessionCatalogue catalogue, SessionStarter starter, ConsoleConfig config) {
        this.catalogue = catalogue;
        this.starter = starter;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.callTimeout()).build();
    }

    /**
     * @param duration console session length; null for {@code keyport.console.session-duration}
     * @return the sign-in URL (a secret: hand it to a browser, do not log it)
     */
    public URI signInUrl(String idOrAlias, Duration duration) {
        Duration length = duration == null ? config.sessionDuration() : duration;
        if (length.compareTo(Duration.ofMinutes(15)) < 0 || length.compareTo(Duration.ofHours(12)) > 0) {
            throw new KeyportException(ErrorCategory.INVALID_INPUT, "A console session lasts 15 minutes to 12 hours"
                    + " (900 to 43200 seconds), not " + length.toSeconds() + " seconds.");
        }
        FederatedSession session = catalogue.find(idOrAlias);
        AwsCredentials credentials = starter.credentials(session.id());
        Partition partition = Partition.fromId(Arn.parse(session.definition().roleArn()).partition())
                .orElse(Partition.AWS);
        URI endpoint = config.federationEndpoint()
                .orElse(URI.create("https://" + partition.signinHost() + "/federation"));
        String sessionJson = JSON.createObjectNode()
                .put("sessionId", credentials.accessKeyId())
                .put("sessionKey", credentials.secretAccessKey())
                .put("sessionToken", credentials.sessionToken()).toString();
        URI tokenRequest = URI.create(endpoint + "?Action=getSigninToken&SessionDuration=" + length.toSeconds()
                + "&Session=" + encode(sessionJson));
        String signinToken = requestToken(tokenRequest, endpoint);
        String destination = consoleUrl(partition, session.definition().region());
        return URI.create(endpoint + "?Action=login&Issuer=" + ISSUER + "&Destination=" + encode(destination)
                + "&SigninToken=" + encode(signinToken));
    }

    private String requestToken(URI request, URI endpoint) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(request).timeout(config.callTimeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The request URI carries the credentials: name the endpoint only.
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Could not reach the AWS federation endpoint "
                    + endpoint + " (" + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "Interrupted while asking " + endpoint
                    + " for a sign-in token.");
        }
        if (response.statusCode() != 200) {
            throw new KeyportException(response.statusCode() >= 500 ? ErrorCategory.UNAVAILABLE : ErrorCategory.REJECTED,
                    "The AWS federation endpoint " + endpoint + " refused the sign-in token request (HTTP "
                            + response.statusCode() + "). Role-chained credentials cannot sign in with a session"
                            + " duration, and the credentials must still be valid.");
        }
        try {
            JsonNode token = JSON.readTree(response.body()).get("SigninToken");
            if (token == null || !token.isTextual() || token.asText().isBlank()) {
                throw new IOException("no SigninToken");
            }
            return token.asText();
        } catch (IOException e) {
            throw new KeyportException(ErrorCategory.UNAVAILABLE, "The AWS federation endpoint " + endpoint
                    + " answered without a sign-in token.");
        }
    }

    /** The console home of the partition, in the session's region. */
    static String consoleUrl(Partition partition, String region) {
        String host = switch (partition) {
            case AWS -> "console.aws.amazon.com";
            case AWS_US_GOV -> "console.amazonaws-us-gov.com";
            case AWS_CN -> "console.amazonaws.cn";
        };
        return "https://" + host + "/console/home" + (region == null || region.isBlank() ? "" : "?region=" + region);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
