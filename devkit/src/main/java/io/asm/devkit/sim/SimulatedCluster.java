package io.asm.devkit.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One simulated Kubernetes API server: a fabric8 CRUD dispatcher with server-side apply, and its kubeconfig. */
public final class SimulatedCluster implements AutoCloseable {

    private final String id;
    private final String name;
    private final String token;
    private final String bindAddress;
    private final ApplyingCrudDispatcher dispatcher;
    private final ApiServerFront front;
    private final KubernetesClient client;

    /**
     * What survives a simulator restart: identity, address, credentials, the names of the shared objects it holds
     * (Istio's CRDs; null in files written before they were shared, which hold them among the objects) and every
     * other object.
     */
    public record State(
            String id, String name, int port, String token, List<String> sharedObjects, List<String> objects) {}

    SimulatedCluster(String id, String name, String bindAddress, int port, SharedParts shared) throws Exception {
        this(id, name, bindAddress, port, UUID.randomUUID().toString().replace("-", ""), shared);
    }

    SimulatedCluster(String id, String name, String bindAddress, int port, String token, SharedParts shared)
            throws Exception {
        this.id = id;
        this.name = name;
        this.token = token;
        this.dispatcher = new ApplyingCrudDispatcher(shared.version, shared);
        this.bindAddress = bindAddress;
        this.front = new ApiServerFront(shared.vertx, dispatcher, bindAddress, port);
        this.client = shared.client(kubeconfig());
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String apiServerUrl() {
        return "http://" + bindAddress + ":" + front.port();
    }

    /** Grows with every write request; equal values mean nothing changed in between. */
    long writes() {
        return dispatcher.writes();
    }

    /** Takes in shared objects (Istio's CRDs): they cost this server only its map entries. */
    void adopt(List<SharedParts.StoredObject> objects) {
        dispatcher.adopt(objects);
    }

    /** Its state for the snapshot: the shared objects it holds by name ({@code shared}: JSON instance to name). */
    State state(Map<String, String> shared) {
        List<String> sharedNames = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (String json : dispatcher.objects()) {
            String sharedName = shared.get(json);
            if (sharedName != null) {
                sharedNames.add(sharedName);
            } else {
                own.add(json);
            }
        }
        return new State(id, name, front.port(), token, sharedNames, own);
    }

    /** A client of this cluster for the simulator's own work (the kubelet, namespaces, restore). */
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
        front.close();
    }
}
