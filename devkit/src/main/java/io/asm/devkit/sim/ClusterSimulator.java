package io.asm.devkit.sim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Simulated Kubernetes clusters for development and CI (never production): creates and deletes API servers on
 * request, seeds them with the Istio CRDs, and runs a kubelet over all of them.
 */
public final class ClusterSimulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterSimulator.class.getName());

    private final Map<String, SimulatedCluster> clusters = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final String bindAddress;
    private final Kubelet kubelet = new Kubelet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-kubelet");
        t.setDaemon(true);
        return t;
    });

    private final SharedParts shared = new SharedParts();
    private final int capacity;
    private final Path stateFile;
    private Map<String, Long> lastWrites = Map.of();
    /** Per cluster, its write count when the kubelet last found nothing to do: unchanged means skip it. */
    private final Map<String, Long> settled = new ConcurrentHashMap<>();

    public ClusterSimulator(String bindAddress, long kubeletPeriodMillis) {
        this(bindAddress, kubeletPeriodMillis, null);
    }

    /**
     * With a {@code stateFile}, clusters and their objects survive restarts: restored from it at start (same ids,
     * ports and tokens, so kubeconfigs handed out stay valid) and written to it every two seconds and at close.
     */
    public ClusterSimulator(String bindAddress, long kubeletPeriodMillis, Path stateFile) {
        this(bindAddress, kubeletPeriodMillis, stateFile, defaultCapacity());
    }

    /** At most {@code capacity} API servers: beyond it {@link #create} refuses rather than exhaust the heap. */
    public ClusterSimulator(String bindAddress, long kubeletPeriodMillis, Path stateFile, int capacity) {
        this.bindAddress = bindAddress;
        this.stateFile = stateFile;
        this.capacity = capacity;
        if (stateFile != null && Files.exists(stateFile)) {
            restore();
        }
        scheduler.scheduleWithFixedDelay(
                this::runKubelet, kubeletPeriodMillis, kubeletPeriodMillis, TimeUnit.MILLISECONDS);
        if (stateFile != null) {
            scheduler.scheduleWithFixedDelay(this::snapshot, 2, 2, TimeUnit.SECONDS);
        }
    }

    private static final List<String> SYSTEM_NAMESPACES =
            List.of("default", "kube-system", "kube-public", "kube-node-lease");

    /**
     * What a simulated API server costs beyond what its users write (measured: about 0.3 MiB without its users' objects; see
     * docs/benchmarks.md), with room for their objects: the default capacity is the heap divided by this.
     */
    static final long BYTES_PER_CLUSTER = 1L << 20;

    /** Room for the simulator itself: the shared CRDs, its clients and the kubelet. */
    static final long BASE_BYTES = 48L << 20;

    static int defaultCapacity() {
        return (int) Math.max(1, (Runtime.getRuntime().maxMemory() - BASE_BYTES) / BYTES_PER_CLUSTER);
    }

    public int capacity() {
        return capacity;
    }

    /** Starts a new API server; with {@code istioCrds} it already knows the Istio CRDs. */
    public SimulatedCluster create(String name, boolean istioCrds) throws Exception {
        if (clusters.size() >= capacity) {
            throw new SimulatorFullException(capacity);
        }
        String id = "sim-" + sequence.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        SimulatedCluster cluster =
                new SimulatedCluster(id, name == null || name.isBlank() ? id : name, bindAddress, 0, shared);
        if (istioCrds) {
            cluster.adopt(shared.istioCrds());
        }
        try {
            // What every real API server has from the start; users' objects land in "default" without creating it.
            SYSTEM_NAMESPACES.forEach(ns -> cluster.client()
                    .namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            // the mock numbers UIDs from 1 in every process: restored clusters would share them
                            .withUid(UUID.randomUUID().toString())
                            .endMetadata()
                            .build())
                    .create());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        clusters.put(id, cluster);
        return cluster;
    }

    public Optional<SimulatedCluster> get(String id) {
        return Optional.ofNullable(clusters.get(id));
    }

    public Collection<SimulatedCluster> list() {
        return List.copyOf(clusters.values());
    }

    public boolean delete(String id) {
        SimulatedCluster cluster = clusters.remove(id);
        if (cluster != null) {
            cluster.close();
        }
        return cluster != null;
    }

    /** Writes every cluster to the state file when something changed (atomically: a crash leaves the old one). */
    synchronized void snapshot() {
        if (stateFile == null) {
            return;
        }
        try {
            // Serialising every cluster is costly: only when some cluster saw a write.
            Map<String, Long> writes = new HashMap<>();
            clusters.forEach((id, c) -> writes.put(id, c.writes()));
            if (writes.equals(lastWrites)) {
                return;
            }
            Map<String, String> sharedNames = shared.sharedNames();
            List<SimulatedCluster.State> states =
                    clusters.values().stream().map(c -> c.state(sharedNames)).toList();
            String json = Serialization.asJson(states);
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.writeString(tmp, json);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWrites = writes; // only once written: a failed write is tried again next time
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not write simulator state to " + stateFile, e);
        }
    }

    private void restore() {
        try {
            SimulatedCluster.State[] states =
                    Serialization.unmarshal(Files.readString(stateFile), SimulatedCluster.State[].class);
            for (SimulatedCluster.State s : states) {
                SimulatedCluster cluster =
                        new SimulatedCluster(s.id(), s.name(), bindAddress, s.port(), s.token(), shared);
                if (s.sharedObjects() != null) {
                    cluster.adopt(shared.istioCrds(s.sharedObjects()));
                }
                // Definitions first, then namespaces, then everything that lives in them.
                s.objects().stream()
                        .sorted(Comparator.comparingInt(ClusterSimulator::restoreOrder))
                        .forEach(json -> recreate(cluster, json));
                clusters.put(s.id(), cluster);
                sequence.incrementAndGet();
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot restore the simulator state from " + stateFile + ": " + e.getMessage(), e);
        }
    }

    private static int restoreOrder(String json) {
        return json.contains("\"kind\":\"CustomResourceDefinition\"")
                ? 0
                : json.contains("\"kind\":\"Namespace\"") ? 1 : 2;
    }

    private static void recreate(SimulatedCluster cluster, String json) {
        HasMetadata object = Serialization.unmarshal(json);
        object.getMetadata().setResourceVersion(null);
        object.getMetadata().setUid(null);
        // createOr: a shared CRD the cluster changed is already there in its shared form.
        cluster.client().resource(object).createOr(NonDeletingOperation::update);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        snapshot();
        clusters.values().forEach(SimulatedCluster::close);
        clusters.clear();
        shared.close();
    }

    private void runKubelet() {
        settled.keySet().retainAll(clusters.keySet());
        for (SimulatedCluster cluster : clusters.values()) {
            // Listing every object of every cluster ten times a second kept a core 15 % busy while idle.
            long before = cluster.writes();
            if (settled.getOrDefault(cluster.id(), -1L) == before) {
                continue;
            }
            try {
                kubelet.reconcile(cluster.client());
                if (cluster.writes() == before) {
                    settled.put(cluster.id(), before);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "kubelet round failed for " + cluster.id(), e);
            }
        }
    }
}
