package io.asm.mesh.reconcile;

import static io.asm.mesh.domain.MeshState.DELETING;
import static io.asm.mesh.domain.MeshState.INITIAL;
import static io.asm.mesh.domain.MeshState.UPDATING;
import static io.asm.mesh.domain.MeshState.UPGRADING;

import io.asm.common.crypto.SecretCipher;
import io.asm.common.events.Outbox;
import io.asm.common.events.contract.MeshEvent.MeshDeleted;
import io.asm.common.events.contract.MeshEvent.MeshRunning;
import io.asm.common.events.contract.MeshEvent.MeshUpdated;
import io.asm.common.events.contract.MeshEvent.MeshUpgraded;
import io.asm.common.reconcile.ReconcileConfig;
import io.asm.common.reconcile.ReconcileLoop;
import io.asm.common.reconcile.ReconcileTable;
import io.asm.common.retry.Backoff;
import io.asm.istio.IstioCrds;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.config.MeshServiceConfig;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshState;
import io.asm.mesh.domain.Meshes;
import io.asm.mesh.domain.ReconcileNudge;
import io.asm.mesh.kube.ControlPlaneProvisioner;
import io.asm.mesh.kube.MeshApiServer;
import io.quarkus.runtime.StartupEvent;
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
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Drives meshes through their states (DOMAIN.md §2.1, docs/states.md). Each mesh is claimed with FOR UPDATE SKIP
 * LOCKED in its own transaction, so replicas share the work and a crash mid-way leaves the mesh in its state for the
 * next attempt; every step is idempotent. Failures are recorded apart from the failed step, retry with capped backoff,
 * show in ErrorMessage, and after {@code maxAttempts} end in the state's failed state.
 */
@ApplicationScoped
public class MeshReconciler {

    private static final int MAX_PER_ROUND = 20;

    @Inject
    ReconcileConfig reconcile;

    @Inject
    ControlPlaneProvisioner provisioner;

    @Inject
    MeshApiServer apiServer;

    @Inject
    Meshes meshes;

    @Inject
    Outbox outbox;

    @Inject
    SecretCipher cipher;

    @Inject
    MeshServiceConfig config;

    @Inject
    DataSource dataSource;

    private ReconcileLoop<String> loop;

    @PostConstruct
    void start() {
        // Every transitional state but deleting has a failed state to end in (docs/states.md); deleting keeps trying.
        List<MeshState> moving = List.of(INITIAL, UPDATING, UPGRADING, DELETING);
        loop = new ReconcileTable(
                        dataSource,
                        "mesh",
                        moving.stream().map(MeshState::wire).toList(),
                        moving.stream()
                                .filter(s -> s.givenUp() != s)
                                .collect(Collectors.toMap(
                                        MeshState::wire, s -> s.givenUp().wire())),
                        new Backoff(config.initialBackoff(), config.maxBackoff()),
                        config.maxAttempts())
                .loop("mesh", reconcile, MAX_PER_ROUND, this::step);
    }

    /** The safety net: every second, whatever happened. Nudges make the common case faster. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "mesh-reconciler")
    void scheduled() {
        loop.round();
    }

    /** A mesh got new work: start within the transaction's commit rather than at the next tick. */
    void onNudge(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReconcileNudge nudge) {
        loop.soon(Duration.ZERO);
    }

    @PreDestroy
    void stop() {
        loop.close();
    }

    void warmUp(@Observes StartupEvent event) {
        IstioCrds.all(); // parse the 1 MB CRD bundle now, not during the first CreateServiceMesh
    }

    /** One step with a claimed mesh; a failure rolls it back and is counted by the {@link ReconcileTable}. */
    private void step(String id) throws Exception {
        Mesh mesh = Mesh.findById(id);
        switch (mesh.meshState()) {
            case INITIAL, UPDATING, UPGRADING -> converge(mesh);
            case DELETING -> {
                provisioner.teardown(mesh);
                if (mesh.kubeconfigSealed != null) {
                    apiServer.forget(cipher.decrypt(mesh.kubeconfigSealed));
                }
                Mesh.getEntityManager()
                        .createNativeQuery("DELETE FROM mesh_membership WHERE mesh_id = ?1")
                        .setParameter(1, mesh.id)
                        .executeUpdate();
                mesh.delete();
                outbox.publish(new MeshDeleted(mesh.id, mesh.accountId));
            }
            default -> {
                // terminal: nothing to do
            }
        }
    }

    /** Brings the control plane to the mesh's desired features and version; running once istiod is reachable. */
    private void converge(Mesh mesh) throws Exception {
        if (mesh.caCert == null) {
            MeshCertificateAuthority.Issued root = MeshCertificateAuthority.createRoot(Meshes.TRUST_DOMAIN);
            mesh.caCert = root.certificatePem();
            mesh.caKeySealed = cipher.encrypt(root.privateKeyPem());
        }
        MeshCertificateAuthority.Issued ca =
                new MeshCertificateAuthority.Issued(mesh.caCert, cipher.decrypt(mesh.caKeySealed));
        Map<String, Object> features = meshes.features(mesh);
        Optional<ControlPlaneProvisioner.ControlPlane> cp = provisioner.ensure(mesh, features, ca);
        if (cp.isEmpty()) {
            waitForControlPlane(mesh);
            return;
        }
        mesh.controlPlaneRef = cp.get().ref();
        mesh.kubeconfigSealed = cipher.encrypt(cp.get().kubeconfig());
        mesh.apiServerEndpoint = cp.get().apiServerUrl();
        if (mesh.apiServerVersion.isEmpty()) {
            mesh.apiServerVersion = apiServer.version(cp.get().kubeconfig()); // empty again if unreadable: next pass
        }
        Optional<String> pilot = provisioner.ensureIstiod(mesh, cp.get(), ca);
        apiServer.apply(mesh, cp.get().kubeconfig(), features, ca, pilot.orElse("istiod.istio-system.svc:15012"));
        if (pilot.isEmpty()) {
            waitForControlPlane(mesh);
            return;
        }
        MeshState from = mesh.meshState();
        mesh.pilotEndpoint = pilot.get();
        mesh.errorMessage = "";
        mesh.moveTo(MeshState.RUNNING);
        outbox.publish(
                switch (from) {
                    case INITIAL -> new MeshRunning(mesh.id, mesh.accountId, mesh.version);
                    case UPGRADING -> new MeshUpgraded(mesh.id, mesh.accountId, mesh.version);
                    default -> new MeshUpdated(mesh.id, mesh.accountId, mesh.version);
                });
    }

    /**
     * Still coming up: look again, sooner the less it has waited, without counting it as a failure; but after max-wait
     * without a change of state (updated_at) the mesh gives up like after too many failures.
     */
    private void waitForControlPlane(Mesh mesh) {
        if (mesh.updatedAt.plus(config.maxWait()).isBefore(OffsetDateTime.now())) {
            mesh.errorMessage =
                    "Gave up after waiting " + config.maxWait().toSeconds() + " s for the control plane to be ready.";
            mesh.state = mesh.meshState().givenUp().wire();
            mesh.updatedAt = OffsetDateTime.now();
            return;
        }
        loop.soon(mesh.waitAgain(config.reconcileInterval()));
    }
}
