package io.asm.local;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether a process of the suite answers: its health check, its port, PostgreSQL's protocol. Each probe gives up after
 * {@link #TIMEOUT}: a process that is alive but stopped or stuck (a full heap) accepts connections and never answers.
 */
final class HealthProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** PostgreSQL's SSLRequest message code (protocol 3, "Message Formats"). */
    private static final int SSL_REQUEST_CODE = 80877103;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The health check at {@code url} answers 200. */
    boolean ready(String url) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(TIMEOUT)
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Something accepts connections at {@code host:port}. A starting service does not yet (Quarkus and the simulator
     * bind their port once ready to serve); a stopped or stuck one still does, its kernel accepting for it.
     */
    static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * PostgreSQL at {@code port} answers: a backend replies to the protocol's SSLRequest ('S' or 'N'). Cheaper than a
     * login through the JDBC driver, whose first connection in a cold JVM alone can take seconds on a busy machine.
     */
    static boolean postgresAnswers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            DataOutputStream request = new DataOutputStream(s.getOutputStream());
            request.writeInt(8);
            request.writeInt(SSL_REQUEST_CODE);
            request.flush();
            int answer = s.getInputStream().read();
            return answer == 'S' || answer == 'N';
        } catch (IOException e) {
            return false;
        }
    }
}
