package io.asm.mesh.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.client.HttpExchange;
import io.asm.common.kube.IstioNames;
import io.asm.common.kube.KubeClients;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.config.MeshServiceConfig;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshVersions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mesh API servers from the cluster simulator (development and CI): one simulated cluster per mesh, named after it;
 * istiod runs (as far as a simulator runs anything) inside it, in {@code istio-system}.
 */
@ApplicationScoped
@Typed(SimulatedProvisioner.class)
public class SimulatedProvisioner implements ControlPlaneProvisioner {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final ObjectMapper json;
    private final KubeClients clients;
    private final String simulator;

    @Inject
    MeshVersions versions;

    SimulatedProvisioner(Vertx vertx, ObjectMapper json, KubeClients clients, MeshServiceConfig config) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) TIMEOUT.toMillis())
                .setKeepAliveTimeout(30));
        this.json = json;
        this.clients = clients;
        this.simulator = config.simulatorUrl();
    }

    /** The simulated API server keeps no audit log: no feature concerns it. */
    @Override
    public Optional<ControlPlane> ensure(Mesh mesh, Map<String, Object> features, MeshCertificateAuthority.Issued ca)
            throws IOException, InterruptedException {
        for (JsonNode c : send("GET", "/clusters", null)) {
            if (c.path("name").asText().equals(mesh.id)) {
                return Optional.of(view(c)); // made by an earlier attempt that did not get to record it
            }
        }
        return Optional.of(view(send("POST", "/clusters", "{\"name\":\"" + mesh.id + "\",\"istioCrds\":false}")));
    }

    @Override
    public Optional<String> ensureIstiod(Mesh mesh, ControlPlane cp, MeshCertificateAuthority.Issued ca) {
        return Istiod.ensure(
                clients.forKubeconfig(cp.kubeconfig()),
                IstioNames.NAMESPACE,
                mesh,
                versions.installed(mesh.version),
                List.of(),
                List.of(),
                List.of());
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
        return new ControlPlane(
                c.path("id").asText(),
                c.path("apiServerUrl").asText(),
                c.path("kubeconfig").asText());
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        RequestOptions request = new RequestOptions()
                .setAbsoluteURI(simulator + path)
                .setMethod(HttpMethod.valueOf(method))
                .setIdleTimeout(TIMEOUT.toMillis())
                .putHeader("Content-Type", "application/json");
        HttpExchange.Reply response;
        try {
            response = HttpExchange.await(
                    http, request, body == null ? null : Buffer.buffer(body), TIMEOUT.multipliedBy(2));
        } catch (IOException e) {
            throw new IOException(
                    "cluster simulator unreachable for " + method + " " + path + ": " + e.getMessage(), e);
        }
        if (response.status() / 100 != 2) {
            throw new IOException("cluster simulator answered " + response.status() + " to " + method + " " + path);
        }
        return response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
