package io.asm.cluster.reconcile;

import io.asm.cluster.config.ClusterServiceConfig;
import io.asm.cluster.domain.Cluster;
import io.asm.cluster.kube.DataPlane;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.reconcile.ReconcileConfig;
import io.asm.common.reconcile.ReconcileLoop;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Probes registered clusters ({@code /version}) once per probe interval: reachability for DescribeCens and the State
 * of clusters in no mesh, and their Kubernetes version. Replicas share the work: a cluster is claimed with
 * FOR UPDATE SKIP LOCKED and probed by one of them, each in a transaction of its own; a probe that fails, or whose
 * transaction fails, is recorded on its own, so one bad cluster never keeps the others from being probed.
 */
@ApplicationScoped
public class ClusterProbe {

    private static final Logger LOG = Logger.getLogger(ClusterProbe.class);
    /** Every due cluster in one round: each probed one stops being due, a failed one too. */
    private static final int MAX_PER_ROUND = 10_000;

    @Inject
    DataPlane dataPlane;

    @Inject
    SecretCipher cipher;

    @Inject
    ClusterServiceConfig config;

    @Inject
    ReconcileConfig reconcile;

    private ReconcileLoop<String> loop;

    @PostConstruct
    void start() {
        loop = new ReconcileLoop<>(
                "cluster-probe",
                reconcile,
                MAX_PER_ROUND,
                soundOnly -> claim(), // probing the unreachable is the probe's job: all rows alike
                this::probe,
                this::unreachable);
    }

    @Scheduled(
            every = "${asm.cluster.probe-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "cluster-probe")
    void probeDue() {
        loop.round();
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    private Optional<String> claim() {
        return Cluster.getEntityManager()
                .createNativeQuery(
                        "SELECT id FROM cluster WHERE probed_at IS NULL OR probed_at < now() - make_interval(secs => ?1)"
                                + " ORDER BY probed_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED",
                        String.class)
                .setParameter(1, (double) config.probeInterval().toSeconds())
                .getResultStream()
                .findFirst();
    }

    private void probe(String id) {
        Cluster cluster = Cluster.findById(id);
        String kubeconfig = cipher.decrypt(cluster.kubeconfigSealed);
        cluster.recordVersion(dataPlane.version(kubeconfig));
        if (cluster.systemUid == null) {
            try {
                adoptSystemUid(cluster, dataPlane.systemUid(kubeconfig));
            } catch (KubernetesClientException e) {
                // not readable now: the probe is about reachability, and the next one tries again
            }
        }
        cluster.reachable = true;
        cluster.probeError = "";
        cluster.probedAt = OffsetDateTime.now();
    }

    /**
     * A registration stored before V6 gets its cluster's identity; one whose cluster is registered under another id
     * already (the old check compared URLs as text) keeps none and is reported, for the operator to settle.
     */
    private static void adoptSystemUid(Cluster cluster, String uid) {
        Cluster other =
                Cluster.find("systemUid = ?1 and id <> ?2", uid, cluster.id).firstResult();
        if (other == null) {
            cluster.systemUid = uid;
        } else {
            LOG.warnf(
                    "Clusters %s (account %s) and %s (account %s) are one cluster registered twice; deregister one.",
                    cluster.id, cluster.accountId, other.id, other.accountId);
        }
    }

    /** In a transaction of its own (the probe's was rolled back); a cluster the reconciler holds is probed again. */
    private void unreachable(String id, String error) {
        boolean free = Cluster.getEntityManager()
                .createNativeQuery("SELECT id FROM cluster WHERE id = ?1 FOR UPDATE SKIP LOCKED", String.class)
                .setParameter(1, id)
                .getResultStream()
                .findFirst()
                .isPresent();
        if (!free) {
            return;
        }
        Cluster cluster = Cluster.findById(id);
        if (cluster.reachable) {
            LOG.warnf("Cluster %s is unreachable: %s", cluster.id, error);
        }
        cluster.reachable = false;
        cluster.probeError = error;
        cluster.probedAt = OffsetDateTime.now();
    }
}
