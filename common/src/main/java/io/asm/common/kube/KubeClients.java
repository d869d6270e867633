package io.asm.common.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds fabric8 clients from kubeconfig text and keeps one per distinct kubeconfig: clients hold connection
 * pools and threads, so building one per call would leak both. Whoever replaces or drops a kubeconfig evicts its
 * client. Clients not used for a while are closed, and at most so many are kept: each holds some 200 KB of pools and
 * buffers, and a service that has touched thousands of meshes or clusters must not keep them all.
 */
@ApplicationScoped
public class KubeClients {

    private static final class Cached {
        final KubernetesClient client;
        volatile long lastUsedNanos;

        Cached(KubernetesClient client, long now) {
            this.client = client;
            this.lastUsedNanos = now;
        }
    }

    private final Map<String, Cached> clients = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final int maxClients;

    @Inject
    KubeClients(
            @ConfigProperty(name = "asm.kube.client-idle", defaultValue = "5m") Duration idle,
            @ConfigProperty(name = "asm.kube.max-clients", defaultValue = "256") int maxClients) {
        this.idleNanos = idle.toNanos();
        this.maxClients = Math.max(1, maxClients);
    }

    public KubeClients() {
        this(Duration.ofMinutes(5), 256);
    }

    public KubernetesClient forKubeconfig(String kubeconfig) {
        long now = System.nanoTime();
        return clients.compute(fingerprint(kubeconfig), (k, cached) -> {
                    if (cached == null) {
                        return new Cached(build(kubeconfig), now);
                    }
                    cached.lastUsedNanos = now;
                    return cached;
                })
                .client;
    }

    /** Drops (and closes) the cached client, e.g. after credentials were rotated or a cluster was removed. */
    public void evict(String kubeconfig) {
        Cached cached = clients.remove(fingerprint(kubeconfig));
        if (cached != null) {
            cached.client.close();
        }
    }

    @Scheduled(
            every = "${asm.kube.client-sweep:1m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "kube-clients-sweep")
    void sweep() {
        sweep(System.nanoTime());
    }

    /**
     * Closes the clients idle for longer than the idle time, then the least recently used beyond the maximum. A client
     * is marked used when it is handed out, and only an entry still as it was seen is removed, so a client handed out
     * meanwhile stays. One handed out before all the others and still in use (a step of many slow calls) can be
     * closed: its call fails and the caller's own retry takes over (a reconcile step counts an attempt, the probe
     * reports the cluster unreachable once).
     */
    int sweep(long now) {
        List<KubernetesClient> closing = new ArrayList<>();
        try {
            List<Seen> kept = new ArrayList<>();
            clients.forEach((key, cached) -> {
                long used = cached.lastUsedNanos;
                if (now - used > idleNanos) {
                    remove(new Seen(key, cached, used), closing);
                } else {
                    kept.add(new Seen(key, cached, used));
                }
            });
            int excess = kept.size() - maxClients;
            if (excess > 0) {
                kept.sort(Comparator.comparingLong(Seen::lastUsedNanos)); // a snapshot: stable while sorting
                kept.subList(0, excess).forEach(seen -> remove(seen, closing));
            }
        } finally {
            closing.forEach(KubernetesClient::close);
        }
        return closing.size();
    }

    private record Seen(String key, Cached cached, long lastUsedNanos) {}

    /** Removes the entry if it is still the one seen, unused since; its client goes to {@code closing}. */
    private void remove(Seen seen, List<KubernetesClient> closing) {
        clients.computeIfPresent(seen.key(), (k, cached) -> {
            if (cached == seen.cached() && cached.lastUsedNanos == seen.lastUsedNanos()) {
                closing.add(cached.client);
                return null;
            }
            return cached;
        });
    }

    /** How many clients are kept now. */
    int size() {
        return clients.size();
    }

    @PreDestroy
    void closeAll() {
        clients.values().forEach(c -> c.client.close());
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

    /** A kubeconfig's identity without its secrets: the SHA-256 of its text, in hex. */
    public static String fingerprint(String kubeconfig) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(kubeconfig.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
