package io.asm.cluster.reconcile;

import io.asm.cluster.client.MeshServiceClient;
import io.asm.cluster.config.ClusterServiceConfig;
import io.asm.cluster.domain.Cluster;
import io.asm.cluster.domain.ClusterNudge;
import io.asm.cluster.domain.MembershipState;
import io.asm.cluster.kube.DataPlane;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.events.Outbox;
import io.asm.common.events.contract.MembershipEvent.ClusterAttached;
import io.asm.common.events.contract.MembershipEvent.ClusterDetached;
import io.asm.common.reconcile.ReconcileConfig;
import io.asm.common.reconcile.ReconcileLoop;
import io.asm.common.reconcile.ReconcileTable;
import io.asm.common.retry.Backoff;
import io.asm.common.text.RemoteText;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Drives memberships (DOMAIN.md §2.2, §3.9, §3.10): {@code connecting} applies the membership objects on the
 * cluster and the remote secret on the mesh API server, then {@code running}; {@code removing} undoes both, then the
 * cluster is out. Rows are claimed with FOR UPDATE SKIP LOCKED, each step in a transaction of its own, every step is
 * idempotent; failures back off and, after {@code maxAttempts}, joining ends as {@code failed} (docs/states.md).
 */
@ApplicationScoped
public class ClusterReconciler {

    private static final Logger LOG = Logger.getLogger(ClusterReconciler.class);
    private static final int MAX_PER_ROUND = 20;

    @Inject
    ReconcileConfig reconcile;

    @Inject
    DataPlane dataPlane;

    @Inject
    MeshServiceClient meshes;

    @Inject
    Outbox outbox;

    @Inject
    SecretCipher cipher;

    @Inject
    ClusterServiceConfig config;

    @Inject
    DataSource dataSource;

    private ReconcileLoop<String> loop;

    @PostConstruct
    void start() {
        // Joining gives up as failed; leaving has no failed state: its last attempt completes without clean-up.
        loop = new ReconcileTable(
                        dataSource,
                        "cluster",
                        List.of(Cluster.CONNECTING, Cluster.REMOVING),
                        Map.of(Cluster.CONNECTING, Cluster.FAILED),
                        new Backoff(config.initialBackoff(), config.maxBackoff()),
                        config.maxAttempts())
                .loop("cluster", reconcile, MAX_PER_ROUND, this::step);
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

    /** One step with a claimed membership; a failure rolls it back and is counted by the {@link ReconcileTable}. */
    private void step(String id) {
        Cluster cluster = Cluster.findById(id);
        if (cluster.membershipState() == MembershipState.CONNECTING) {
            connect(cluster);
        } else {
            remove(cluster);
        }
    }

    private void connect(Cluster cluster) {
        String kubeconfig = cipher.decrypt(cluster.kubeconfigSealed);
        Optional<MeshServiceClient.MeshInfo> mesh = meshes.mesh(cluster.accountId, cluster.meshId);
        if (mesh.isEmpty()) {
            cluster.fail("The service mesh " + cluster.meshId + " no longer exists.");
            return;
        }
        if (!mesh.get().running()) {
            waitAndRetry(cluster, "the service mesh to run (it is " + mesh.get().state() + ")");
            return;
        }
        cluster.recordVersion(dataPlane.version(kubeconfig));
        if (cluster.checkNamespace && dataPlane.hostsAnotherIstio(kubeconfig)) {
            cluster.fail(
                    "istio-system already runs an istiod; add the cluster with IgnoreNamespaceCheck=true to take it over.");
            return;
        }
        DataPlane.Joined joined = dataPlane.join(
                kubeconfig,
                cluster.id,
                cluster.meshId,
                mesh.get().pilotEndpoint(),
                cluster.discoveryOnly,
                cluster.istioSystemUid);
        cluster.istioSystemUid = joined.createdNamespaceUid();
        if (joined.readerKubeconfig().isEmpty()) {
            waitAndRetry(cluster, joined.waitingFor());
            return;
        }
        meshes.putRemoteSecret(
                cluster.accountId,
                cluster.meshId,
                cluster.id,
                joined.readerKubeconfig().get());
        cluster.moveTo(MembershipState.RUNNING);
        outbox.publish(new ClusterAttached(cluster.meshId, cluster.id, cluster.accountId));
    }

    private void remove(Cluster cluster) {
        String kubeconfig = cipher.decrypt(cluster.kubeconfigSealed);
        try {
            meshes.deleteRemoteSecret(cluster.accountId, cluster.meshId, cluster.id);
            dataPlane.leave(kubeconfig, cluster.reserveNamespace, cluster.istioSystemUid);
        } catch (RuntimeException e) {
            if (cluster.attempts + 1 < config.maxAttempts()) {
                throw e;
            }
            // The cluster (or mesh) stays unreachable: it leaves the mesh anyway; what is left there is stale.
            LOG.warnf(
                    "Cluster %s leaves mesh %s without clean-up after %d attempts: %s",
                    cluster.id, cluster.meshId, cluster.attempts + 1, RemoteText.describe(e));
        }
        ClusterDetached detached = new ClusterDetached(cluster.meshId, cluster.id, cluster.accountId);
        cluster.meshId = null;
        cluster.istioSystemUid = null;
        cluster.moveTo(MembershipState.NONE);
        outbox.publish(detached);
    }

    /**
     * Waiting is no failure, but it is bounded too: after max-wait without a change of state or a failure
     * (updated_at), joining ends as failed.
     */
    private void waitAndRetry(Cluster cluster, String forWhat) {
        if (cluster.updatedAt.plus(config.maxWait()).isBefore(OffsetDateTime.now())) {
            cluster.fail("Gave up after waiting " + config.maxWait().toSeconds() + " s for " + forWhat + ".");
            return;
        }
        loop.soon(cluster.waitAgain(config.reconcileInterval()));
    }
}
