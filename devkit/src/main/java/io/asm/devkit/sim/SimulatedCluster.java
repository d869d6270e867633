package io.asm.devkit.sim;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/** One simulated Kubernetes API server: a fabric8 CRUD mock with server-side apply, and its kubeconfig. */
public final class SimulatedCluster implements AutoCloseable {

    private final String id;
    private final String name;
    private final String token;
    private final ApplyingCrudDispatcher dispatcher;
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    /** What survives a simulator restart: identity, address, credentials and every object. */
    public record State(String id, String name, int port, String token, List<String> objects) {}

    SimulatedCluster(String id, String name, String bindAddress, int port) throws Exception {
        this(id, name, bindAddress, port, UUID.randomUUID().toString().replace("-", ""));
    }

    SimulatedCluster(String id, String name, String bindAddress, int port, String token) throws Exception {
        this.id = id;
        this.name = name;
        this.token = token;
        VersionInfo version = new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("30")
                .withGitVersion("v1.30.0-asm-sim")
                .withPlatform("linux/amd64")
                .build();
        this.dispatcher = new ApplyingCrudDispatcher(version);
        this.server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()),
                new MockWebServer(),
                new HashMap<>(),
                dispatcher,
                false,
                version);
        server.init(InetAddress.getByName(bindAddress), port);
        this.client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig()))
                .build();
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String apiServerUrl() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** Grows with every write request; equal values mean nothing changed in between. */
    long writes() {
        return dispatcher.writes();
    }

    State state() {
        return new State(id, name, server.getPort(), token, dispatcher.objects());
    }

    /** A client of this cluster for the simulator's own work (the kubelet, CRD seeding). */
    KubernetesClient client() {
        return client;
    }

    /** A kubeconfig for this API server (the simulator accepts any bearer token; a real one would not). */
    public String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s-admin
                    namespace: default
                current-context: %1$s
                users:
                - name: %1$s-admin
                  user:
                    token: %3$s
                """.formatted(id, apiServerUrl(), token);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
