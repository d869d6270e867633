package io.asm.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.AsmHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Structured-mode CloudEvents over HTTP POST, carrying the internal token. */
public class HttpEventSender implements EventSender {

    private final HttpClient http;
    private final ObjectMapper json;
    private final String internalToken;
    private final Duration timeout;

    public HttpEventSender(ObjectMapper json, String internalToken, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.json = json;
        this.internalToken = internalToken;
        this.timeout = timeout;
    }

    @Override
    public void send(String url, CloudEvent event) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", CloudEvent.MEDIA_TYPE)
                .header(AsmHeaders.INTERNAL_TOKEN, internalToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " from " + url);
        }
    }
}
