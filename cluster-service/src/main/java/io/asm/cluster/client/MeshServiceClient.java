package io.asm.cluster.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.cluster.config.ClusterServiceConfig;
import io.asm.common.context.AsmHeaders;
import io.asm.common.context.InternalConfig;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * mesh-service's internal API, as cluster-service needs it: a mesh's state and istiod address, and the remote
 * secrets on its API server (mesh-service owns that server; this service owns the member clusters' credentials).
 */
@ApplicationScoped
public class MeshServiceClient {

    /** What cluster-service needs to know of a mesh. */
    public record MeshInfo(String id, String state, String pilotEndpoint) {
        public boolean running() {
            return "running".equals(state);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json;
    private final String base;
    private final String token;

    MeshServiceClient(ObjectMapper json, ClusterServiceConfig config, InternalConfig internal) {
        this.json = json;
        this.base = config.meshUrl();
        this.token = internal.token();
    }

    /** The account's mesh, or empty when it has none by that id. */
    public Optional<MeshInfo> mesh(String accountId, String meshId) {
        HttpResponse<byte[]> r = send(accountId, HttpRequest.newBuilder(uri("meshes", meshId)).GET());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode mesh = body(r).path("ServiceMesh");
        return Optional.of(new MeshInfo(meshId, mesh.path("ServiceMeshInfo").path("State").asText(),
                mesh.path("Endpoints").path("IntranetPilotEndpoint").asText()));
    }

    public void putRemoteSecret(String accountId, String meshId, String clusterId, String kubeconfig) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(Map.of("Kubeconfig", kubeconfig));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        body(send(accountId, HttpRequest.newBuilder(uri("meshes", meshId, "remote-secrets", clusterId))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(payload))));
    }

    /** Removes the remote secret; a mesh that is gone has none left to remove. */
    public void deleteRemoteSecret(String accountId, String meshId, String clusterId) {
        HttpResponse<byte[]> r = send(accountId, HttpRequest.newBuilder(uri("meshes", meshId, "remote-secrets", clusterId))
                .DELETE());
        if (r.statusCode() != 404) {
            body(r);
        }
    }

    /** Each segment percent-encoded: an id is a value, never a path of its own ({@code ..}, {@code /}). */
    private URI uri(String... segments) {
        StringBuilder path = new StringBuilder(base);
        for (String segment : segments) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return URI.create(path.toString());
    }

    private HttpResponse<byte[]> send(String accountId, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).header(AsmHeaders.INTERNAL_TOKEN, token)
                    .header(AsmHeaders.ACCOUNT_ID, accountId).header(AsmHeaders.REQUEST_ID, RequestContext.newRequestId())
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }

    /** A 2xx body; mesh-service's own error (code, message, status) otherwise. */
    private JsonNode body(HttpResponse<byte[]> r) {
        JsonNode node;
        try {
            node = r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
        } catch (IOException e) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
        if (r.statusCode() / 100 != 2) {
            if (node.hasNonNull("Code")) {
                throw new AsmException(node.get("Code").asText(), node.path("Message").asText(""), r.statusCode());
            }
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
        return node;
    }
}
