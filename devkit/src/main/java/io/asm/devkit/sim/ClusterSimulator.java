package io.asm.devkit.sim;

import io.asm.istio.IstioCrds;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    public ClusterSimulator(String bindAddress, long kubeletPeriodMillis) {
        this.bindAddress = bindAddress;
        scheduler.scheduleWithFixedDelay(this::runKubelet, kubeletPeriodMillis, kubeletPeriodMillis, TimeUnit.MILLISECONDS);
    }

    /** Starts a new API server; with {@code istioCrds} it already knows the Istio CRDs. */
    public SimulatedCluster create(String name, boolean istioCrds) throws Exception {
        String id = "sim-" + sequence.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        SimulatedCluster cluster = new SimulatedCluster(id, name == null || name.isBlank() ? id : name, bindAddress, 0);
        if (istioCrds) {
            IstioCrds.all().forEach(crd -> cluster.client().resource(crd).create());
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

    @Override
    public void close() {
        scheduler.shutdownNow();
        clusters.values().forEach(SimulatedCluster::close);
        clusters.clear();
    }

    private void runKubelet() {
        for (SimulatedCluster cluster : clusters.values()) {
            try {
                kubelet.reconcile(cluster.client());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "kubelet round failed for " + cluster.id(), e);
            }
        }
    }
}
