package dev.keyport.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The endpoint a {@code keyport exec} program reads its credentials from, attacked by another local user (who can
 * see its port) and by a web page. The daemon behind it is stood in for by a fixed answer: what is under test is the
 * relay's own door.
 */
class CredentialsRelayTest {
    private static final String CREDENTIALS = "{\"AccessKeyId\":\"ASIAEXAMPLE\"}";

    private CredentialsRelay relay;
    private final List<Socket> attackers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        relay = new CredentialsRelay(() -> new DaemonClient.Response(200, CREDENTIALS));
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : attackers) {
            socket.close();
        }
        relay.close();
    }

    private HttpResponse<String> get(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.uri()))
                .header("Authorization", relay.token()).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket connectAndSend(String bytes) throws Exception {
        Socket socket = new Socket();
        attackers.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", URI.create(relay.uri()).getPort()), 5000);
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void theProgramGetsItsCredentials() throws Exception {
        HttpResponse<String> response = get();
        assertEquals(200, response.statusCode());
        assertEquals(CREDENTIALS, response.body());
    }

    @Test
    void connectionsThatSendAByteAndWaitDoNotHoldTheEndpoint() throws Exception {
        // Before, the JDK's server read every request on its one dispatcher thread: one such connection was enough.
        for (int i = 0; i < 3; i++) {
            connectAndSend("G");
        }
        connectAndSend("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        HttpResponse<String> response = get();
        assertEquals(200, response.statusCode(), "the program is answered while the slow connections wait");
        assertEquals(CREDENTIALS, response.body());
    }

    @Test
    void aRequestNeverFinishedIsClosedAfterTheReadLimit() throws Exception {
        Socket slow = connectAndSend("GET /credentials/");
        slow.setSoTimeout(30_000);
        // Reads to the end: a connection the server kept open would end this read with a SocketTimeoutException.
        String heard = new String(slow.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertFalse(heard.contains("AccessKeyId"), heard);
    }

    @Test
    void requestsFromWebPagesAreRefusedEvenWithTheToken() throws Exception {
        HttpResponse<String> origin = get("Origin", "https://evil.example");
        assertEquals(403, origin.statusCode());
        assertFalse(origin.body().contains("AccessKeyId"), origin.body());
        HttpResponse<String> crossSite = get("Sec-Fetch-Site", "cross-site");
        assertEquals(403, crossSite.statusCode());
        assertFalse(crossSite.body().contains("AccessKeyId"), crossSite.body());
        assertEquals(200, get("Sec-Fetch-Site", "none").statusCode(), "an address typed by the person is fine");
    }
}
