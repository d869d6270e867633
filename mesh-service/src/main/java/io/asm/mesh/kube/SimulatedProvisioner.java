package io.asm.mesh.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.mesh.config.MeshServiceConfig;
import io.asm.mesh.domain.Mesh;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Mesh API servers from the cluster simulator (development and CI): one simulated cluster per mesh, named after it. */
@ApplicationScoped
public class SimulatedProvisioner implements ControlPlaneProvisioner {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;
    private final String simulator;

    SimulatedProvisioner(ObjectMapper json, MeshServiceConfig config) {
        this.json = json;
        this.simulator = config.simulatorUrl();
    }

    @Override
    public ControlPlane ensure(Mesh mesh) throws IOException, InterruptedException {
        for (JsonNode c : send("GET", "/clusters", null)) {
            if (c.path("name").asText().equals(mesh.id)) {
                return view(c); // made by an earlier attempt that did not get to record it
            }
        }
        return view(send("POST", "/clusters", "{\"name\":\"" + mesh.id + "\",\"istioCrds\":false}"));
    }

    @Override
    public void teardown(Mesh mesh) throws IOException, InterruptedException {
        for (JsonNode c : send("GET", "/clusters", null)) {
            if (c.path("name").asText().equals(mesh.id)) {
                send("DELETE", "/clusters/" + c.path("id").asText(), null);
            }
        }
    }

    private static ControlPlane view(JsonNode c) {
        return new ControlPlane(c.path("id").asText(), c.path("apiServerUrl").asText(), c.path("kubeconfig").asText());
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("cluster simulator answered " + response.statusCode() + " to " + method + " " + path);
        }
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }
}
