package io.asm.vm.domain;

import io.asm.common.error.AsmException;
import io.asm.common.reconcile.ReconcileConfig;
import io.asm.common.reconcile.ReconcileLoop;
import io.asm.common.reconcile.ReconcileTable;
import io.asm.common.retry.Backoff;
import io.asm.common.text.RemoteText;
import io.asm.vm.client.ClusterService;
import io.asm.vm.client.MeshService;
import io.asm.vm.config.VmServiceConfig;
import io.asm.vm.kube.MeshExpansionWriter;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Drives VM applications: {@code applying} writes the ServiceEntry and WorkloadEntries on the mesh API server and the
 * Service in every running member cluster, then {@code running}; {@code removing} deletes them (found by label) and
 * the row. Rows are claimed with FOR UPDATE SKIP LOCKED, one step per transaction, every write idempotent; failures
 * back off and show in ErrorMessage, and after {@code maxAttempts} applying ends as {@code failed}. With {@code Force}
 * a member cluster that fails is skipped and named in ErrorMessage instead.
 */
@ApplicationScoped
public class VmAppReconciler {

    private static final Logger LOG = Logger.getLogger(VmAppReconciler.class);
    private static final int MAX_PER_ROUND = 20;

    @Inject
    ReconcileConfig reconcile;

    @Inject
    VmApps apps;

    @Inject
    MeshService meshes;

    @Inject
    ClusterService clusters;

    @Inject
    MeshExpansionWriter writer;

    @Inject
    VmServiceConfig config;

    @Inject
    DataSource dataSource;

    private ReconcileLoop<String> loop;

    @PostConstruct
    void start() {
        loop = new ReconcileTable(
                        dataSource,
                        "vm_app",
                        List.of(VmApp.APPLYING, VmApp.REMOVING),
                        Map.of(VmApp.APPLYING, VmApp.FAILED),
                        new Backoff(config.initialBackoff(), config.maxBackoff()),
                        config.maxAttempts())
                .loop("vm-app", reconcile, MAX_PER_ROUND, this::step);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "vm-app-reconciler")
    void scheduled() {
        loop.round();
    }

    void onNudge(@Observes(during = TransactionPhase.AFTER_SUCCESS) VmAppNudge nudge) {
        loop.soon(Duration.ZERO);
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    private void step(String id) {
        VmApp app = VmApp.findById(id);
        if (VmApp.APPLYING.equals(app.state)) {
            apply(app);
        } else {
            remove(app);
        }
    }

    private void apply(VmApp app) {
        VmAppSpec spec = apps.spec(app);
        Optional<MeshService.Mesh> mesh = meshes.find(app.accountId, app.meshId);
        if (mesh.isEmpty()) {
            app.moveTo(VmApp.REMOVING); // the mesh is gone; MeshDeleted says the same
            return;
        }
        if (!mesh.get().running()) {
            if (app.updatedAt.plus(config.maxWait()).isBefore(OffsetDateTime.now())) {
                app.state = VmApp.FAILED;
                app.errorMessage =
                        "Gave up after waiting " + config.maxWait().toSeconds() + " s for the service mesh to run"
                                + " (it is " + mesh.get().state() + ").";
                return;
            }
            app.errorMessage =
                    "Waiting for the service mesh to run (it is " + mesh.get().state() + ").";
            loop.soon(app.waitAgain(config.waitInterval()));
            return;
        }
        writer.applyMeshSide(meshes.credentials(app.accountId, app.meshId), spec);
        List<String> skipped = new ArrayList<>();
        for (String clusterId : clusters.runningMembers(app.accountId, app.meshId)) {
            try {
                writer.applyService(clusters.credentials(app.accountId, app.meshId, clusterId), spec);
            } catch (RuntimeException e) {
                String why = "cluster " + clusterId + ": " + describe(e);
                if (!spec.force()) {
                    throw new IllegalStateException("Cannot write Service " + spec.serviceName() + " in " + why, e);
                }
                skipped.add(why);
            }
        }
        app.moveTo(VmApp.RUNNING);
        if (!skipped.isEmpty()) {
            app.errorMessage = RemoteText.clean("Force: skipped " + String.join("; ", skipped));
        }
    }

    private void remove(VmApp app) {
        try {
            if (meshes.find(app.accountId, app.meshId).isPresent()) {
                writer.deleteMeshSide(meshes.credentials(app.accountId, app.meshId), app.namespace, app.serviceName);
            }
            for (String clusterId : clusters.runningMembers(app.accountId, app.meshId)) {
                writer.deleteService(
                        clusters.credentials(app.accountId, app.meshId, clusterId), app.namespace, app.serviceName);
            }
        } catch (RuntimeException e) {
            if (app.attempts + 1 < config.maxAttempts()) {
                throw e;
            }
            // A mesh or cluster that stays unreachable: the application goes anyway; what is left there is stale.
            LOG.warnf(
                    "VM app %s/%s leaves mesh %s without clean-up after %d attempts: %s",
                    app.namespace, app.serviceName, app.meshId, app.attempts + 1, describe(e));
        }
        app.delete();
    }

    private static String describe(RuntimeException e) {
        return e instanceof AsmException asm ? asm.code() + ": " + asm.getMessage() : RemoteText.describe(e);
    }
}
