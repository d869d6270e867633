package io.asm.cluster.domain;

import io.asm.cluster.config.ClusterServiceConfig;
import io.asm.cluster.kube.DataPlane;
import io.asm.common.crypto.SecretCipher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Probes registered clusters ({@code /version}) once per probe interval: reachability for DescribeCens and the State
 * of clusters in no mesh, and their Kubernetes version. Replicas share the work: a cluster is claimed with
 * FOR UPDATE SKIP LOCKED and probed by one of them.
 */
@ApplicationScoped
public class ClusterProbe {

    private static final Logger LOG = Logger.getLogger(ClusterProbe.class);

    private final DataPlane dataPlane;
    private final SecretCipher cipher;
    private final ClusterServiceConfig config;

    ClusterProbe(DataPlane dataPlane, SecretCipher cipher, ClusterServiceConfig config) {
        this.dataPlane = dataPlane;
        this.cipher = cipher;
        this.config = config;
    }

    @Scheduled(every = "${asm.cluster.probe-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "cluster-probe")
    void probeDue() {
        while (QuarkusTransaction.requiringNew().call(this::probeOne)) {
            // until no cluster is due
        }
    }

    boolean probeOne() {
        Optional<Cluster> due = Cluster.getEntityManager().createNativeQuery(
                        "SELECT id FROM cluster WHERE probed_at IS NULL OR probed_at < now() - make_interval(secs => ?1)"
                                + " ORDER BY probed_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED", String.class)
                .setParameter(1, (double) config.probeInterval().toSeconds())
                .getResultStream().findFirst().map(id -> Cluster.<Cluster>findById(id));
        if (due.isEmpty()) {
            return false;
        }
        Cluster cluster = due.get();
        try {
            cluster.version = dataPlane.version(cipher.decrypt(cluster.kubeconfigSealed));
            cluster.reachable = true;
            cluster.probeError = "";
        } catch (RuntimeException e) {
            if (cluster.reachable) {
                LOG.warnf("Cluster %s is unreachable: %s", cluster.id, e.getMessage());
            }
            cluster.reachable = false;
            cluster.probeError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        cluster.probedAt = OffsetDateTime.now();
        return true;
    }
}
