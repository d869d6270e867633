package io.asm.cluster.domain;

import io.asm.cluster.client.MeshServiceClient;
import io.asm.cluster.config.ClusterServiceConfig;
import io.asm.cluster.kube.DataPlane;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.events.Outbox;
import io.asm.common.reconcile.ReconcileLoop;
import io.asm.common.retry.Backoff;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Drives memberships (DOMAIN.md §2.2, §3.9, §3.10): {@code connecting} applies the membership objects on the
 * cluster and the remote secret on the mesh API server, then {@code running}; {@code removing} undoes both, then the
 * cluster is out. Rows are claimed with FOR UPDATE SKIP LOCKED, every step is idempotent, failures back off.
 */
@ApplicationScoped
public class ClusterReconciler {

    private static final Logger LOG = Logger.getLogger(ClusterReconciler.class);

    private final DataPlane dataPlane;
    private final MeshServiceClient meshes;
    private final Outbox outbox;
    private final SecretCipher cipher;
    private final ClusterServiceConfig config;
    private final ReconcileLoop loop = new ReconcileLoop("cluster", this::reconcileOne);

    ClusterReconciler(DataPlane dataPlane, MeshServiceClient meshes, Outbox outbox, SecretCipher cipher,
                      ClusterServiceConfig config) {
        this.dataPlane = dataPlane;
        this.meshes = meshes;
        this.outbox = outbox;
        this.cipher = cipher;
        this.config = config;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "cluster-reconciler")
    void scheduled() {
        loop.round();
    }

    void onNudge(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClusterNudge nudge) {
        loop.soon(Duration.ZERO);
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    /** Claims one due membership and takes one step with it; false when nothing is due. */
    boolean reconcileOne() {
        Optional<Cluster> claimed = Cluster.getEntityManager().createNativeQuery(
                        "SELECT id FROM cluster WHERE state IN ('connecting', 'removing') AND next_attempt_at <= now()"
                                + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED", String.class)
                .getResultStream().findFirst().map(id -> Cluster.<Cluster>findById(id));
        if (claimed.isEmpty()) {
            return false;
        }
        Cluster cluster = claimed.get();
        try {
            if (Cluster.CONNECTING.equals(cluster.state)) {
                connect(cluster);
            } else {
                remove(cluster);
            }
        } catch (Exception e) {
            recordFailure(cluster, e);
        }
        return true;
    }

    private void connect(Cluster cluster) {
        String kubeconfig = cipher.decrypt(cluster.kubeconfigSealed);
        Optional<MeshServiceClient.MeshInfo> mesh = meshes.mesh(cluster.accountId, cluster.meshId);
        if (mesh.isEmpty()) {
            fail(cluster, "The service mesh " + cluster.meshId + " no longer exists.");
            return;
        }
        if (!mesh.get().running()) {
            waitAndRetry(cluster);
            return;
        }
        cluster.version = dataPlane.version(kubeconfig);
        if (cluster.checkNamespace && dataPlane.hostsAnotherIstio(kubeconfig)) {
            fail(cluster, "istio-system already runs an istiod; add the cluster with IgnoreNamespaceCheck=true to take it over.");
            return;
        }
        Optional<String> remote = dataPlane.join(kubeconfig, cluster.id, cluster.meshId, mesh.get().pilotEndpoint(),
                cluster.discoveryOnly);
        if (remote.isEmpty()) {
            waitAndRetry(cluster); // the token controller has not filled in the reader token yet
            return;
        }
        meshes.putRemoteSecret(cluster.accountId, cluster.meshId, cluster.id, remote.get());
        cluster.moveTo(Cluster.RUNNING);
        outbox.publish("ClusterAttached", cluster.id, event(cluster));
    }

    private void remove(Cluster cluster) {
        String kubeconfig = cipher.decrypt(cluster.kubeconfigSealed);
        try {
            meshes.deleteRemoteSecret(cluster.accountId, cluster.meshId, cluster.id);
            dataPlane.leave(kubeconfig);
        } catch (RuntimeException e) {
            if (cluster.attempts + 1 < config.maxAttempts()) {
                throw e;
            }
            // The cluster (or mesh) stays unreachable: it leaves the mesh anyway; what is left there is stale.
            LOG.warnf("Cluster %s leaves mesh %s without clean-up after %d attempts: %s", cluster.id, cluster.meshId,
                    cluster.attempts + 1, e.getMessage());
        }
        Map<String, Object> data = event(cluster);
        cluster.meshId = null;
        cluster.moveTo("");
        outbox.publish("ClusterDetached", cluster.id, data);
    }

    private static Map<String, Object> event(Cluster cluster) {
        return Map.of("ServiceMeshId", cluster.meshId, "ClusterId", cluster.id, "AccountId", cluster.accountId);
    }

    private void fail(Cluster cluster, String message) {
        cluster.state = Cluster.FAILED;
        cluster.errorMessage = message;
        cluster.updatedAt = OffsetDateTime.now();
    }

    private void waitAndRetry(Cluster cluster) {
        cluster.nextAttemptAt = OffsetDateTime.now().plus(config.reconcileInterval());
        loop.soon(config.reconcileInterval());
    }

    private void recordFailure(Cluster cluster, Exception e) {
        cluster.attempts++;
        cluster.errorMessage = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cluster.nextAttemptAt = OffsetDateTime.now().plus(new Backoff(config.initialBackoff(), config.maxBackoff())
                .after(cluster.attempts));
        cluster.updatedAt = OffsetDateTime.now();
        LOG.warnf("Cluster %s (%s) attempt %d failed: %s", cluster.id, cluster.state, cluster.attempts, cluster.errorMessage);
        if (cluster.attempts >= config.maxAttempts() && Cluster.CONNECTING.equals(cluster.state)) {
            cluster.state = Cluster.FAILED;
        }
    }
}
