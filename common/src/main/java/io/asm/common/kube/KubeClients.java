package io.asm.common.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds fabric8 clients from kubeconfig text and keeps one per distinct kubeconfig: clients hold connection
 * pools and threads, so building one per call would leak both. Whoever replaces or drops a kubeconfig evicts its
 * client.
 */
@ApplicationScoped
public class KubeClients {

    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public KubernetesClient forKubeconfig(String kubeconfig) {
        return clients.computeIfAbsent(fingerprint(kubeconfig), k -> build(kubeconfig));
    }

    /** Drops (and closes) the cached client, e.g. after credentials were rotated or a cluster was removed. */
    public void evict(String kubeconfig) {
        KubernetesClient client = clients.remove(fingerprint(kubeconfig));
        if (client != null) {
            client.close();
        }
    }

    @PreDestroy
    void closeAll() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }

    /**
     * Only the strict {@link Kubeconfig} shape, never fabric8's own kubeconfig loading (which runs exec plugins and
     * reads files). Callers are reconcilers that retry with their own backoff: fail fast, bounded.
     */
    static KubernetesClient build(String kubeconfig) {
        return builder()
                .withConfig(Kubeconfig.parse(kubeconfig).toConfig(5_000, 20_000))
                .build();
    }

    /**
     * One JSON mapper for every client: a client built with its own introspects fabric8's whole model again, seconds
     * of CPU and megabytes of caches per client (200 meshes kept mesh-service's event loops busy for minutes).
     */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** A client builder on the shared mapper: every client of an API server is built from it. */
    public static KubernetesClientBuilder builder() {
        return new KubernetesClientBuilder().withKubernetesSerialization(SERIALIZATION);
    }

    private static String fingerprint(String kubeconfig) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(kubeconfig.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
