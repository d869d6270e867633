package io.asm.mesh.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.events.Outbox;
import io.asm.common.events.contract.MeshEvent.MeshCreated;
import io.asm.common.kube.IstioNames;
import io.asm.common.quota.Quota;
import io.asm.common.quota.Quotas;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.config.MeshServiceConfig;
import io.asm.mesh.kube.MeshApiServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The mesh lifecycle rules: what each action records; the reconciler does the long work. */
@ApplicationScoped
@Transactional
public class Meshes {

    /** Trust domain of every mesh's identities (Istio's default). */
    public static final String TRUST_DOMAIN = IstioNames.CLUSTER_LOCAL;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    @Inject
    Outbox outbox;

    @Inject
    MeshVersions versions;

    @Inject
    MeshTags tags;

    @Inject
    ObjectMapper json;

    @Inject
    MeshApiServer apiServer;

    @Inject
    SecretCipher cipher;

    @Inject
    MeshServiceConfig config;

    @Inject
    Event<ReconcileNudge> nudge;

    @Inject
    Quotas quotas;

    private final SecureRandom random = new SecureRandom();

    /** CreateServiceMesh: records the desired mesh in state {@code initial}; answers at once. */
    public Mesh create(String accountId, String regionId, Map<String, Object> params) {
        Map<String, String> tagged = MeshTags.check(tagsOf(params));
        Object edition = params.get("Edition");
        if (edition != null && !versions.editions().contains(edition)) {
            throw new AsmException(
                    AsmError.INVALID_PARAMETER, "Edition", "It must be one of " + versions.editions() + ".");
        }
        Mesh mesh = new Mesh();
        mesh.id = "c" + HexFormat.of().formatHex(randomBytes(16));
        mesh.accountId = accountId;
        mesh.regionId = regionId;
        mesh.name = (String) params.getOrDefault("Name", mesh.id);
        mesh.version = params.get("IstioVersion") == null
                ? versions.latest().asm()
                : versions.require((String) params.get("IstioVersion")).asm();
        mesh.vpcId = (String) params.get("VpcId");
        mesh.vswitches =
                json.valueToTree(vswitches((String) params.get("VSwitches"))).toString();
        mesh.apiServerPublicEip = Boolean.TRUE.equals(params.get("ApiServerPublicEip"));
        mesh.pilotPublicEip = Boolean.TRUE.equals(params.get("PilotPublicEip"));
        mesh.features = write(MeshFeatures.initial(mesh.id, params));
        mesh.createdAt = OffsetDateTime.now();
        mesh.moveTo(MeshState.INITIAL);
        mesh.persist();
        tags.put(mesh.id, tagged);
        nudge.fire(new ReconcileNudge(mesh.id));
        outbox.publish(new MeshCreated(mesh.id, accountId, regionId));
        requireMeshQuota(accountId);
        return mesh;
    }

    /**
     * Meshes being deleted do not count; concurrent creates of one account take turns so both cannot take the last
     * slot. Checked last, with the new mesh already written: the account's lock is then held only for the count and
     * the commit, so a burst of creates is not serialised over all of their work (200 at once timed out waiting for
     * connections held by creates queued on the lock).
     */
    private void requireMeshQuota(String accountId) {
        Quotas.takeTurns(Mesh.getEntityManager(), Quota.MESHES, accountId);
        long others = Mesh.count("accountId = ?1 and state <> ?2", accountId, MeshState.DELETING.wire()) - 1;
        quotas.requireRoom(Quota.MESHES, others);
    }

    /** The caller's mesh, or ServiceMesh.NotFound: another account's mesh does not exist for this one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Mesh find(String accountId, String meshId) {
        return owned(accountId, Mesh.findById(meshId));
    }

    /**
     * The caller's mesh, locked for a change: a reconcile step (on any replica) holds the row while it works, so the
     * change waits for it and applies to the mesh as it then stands. Read unlocked, the change's UPDATE of every
     * column would overwrite what the step wrote, or fail with a 500 on a mesh the step has just deleted.
     */
    private Mesh findForChange(String accountId, String meshId) {
        return owned(accountId, Mesh.findById(meshId, LockModeType.PESSIMISTIC_WRITE));
    }

    private static Mesh owned(String accountId, Mesh mesh) {
        if (mesh == null || !mesh.accountId.equals(accountId)) {
            throw new AsmException(AsmError.SERVICE_MESH_NOT_FOUND);
        }
        return mesh;
    }

    /** What the other services check of a mesh on every call: its state and istiod address. */
    public record Status(String state, String pilotEndpoint) {}

    /** The caller's mesh's {@link Status}, read without the entity (or ServiceMesh.NotFound, as {@link #find}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Status status(String accountId, String meshId) {
        return Mesh.getEntityManager()
                .createQuery(
                        "SELECT m.state, m.pilotEndpoint FROM Mesh m WHERE m.id = ?1 AND m.accountId = ?2",
                        Object[].class)
                .setParameter(1, meshId)
                .setParameter(2, accountId)
                .getResultStream()
                .findFirst()
                .map(row -> new Status((String) row[0], (String) row[1]))
                .orElseThrow(() -> new AsmException(AsmError.SERVICE_MESH_NOT_FOUND));
    }

    /** One page of an account's meshes in a region, and how many meshes it has there. */
    public record Page(List<Mesh> meshes, long totalCount) {}

    /**
     * One page of the account's meshes in the region. The page's ids are found first (an index-only scan of
     * mesh_account), then only those rows are read: reading whole rows to skip them made a late page of 10,000 meshes
     * an order of magnitude slower than the first. The scan starts from whichever end of the account is nearer, so the
     * last page costs what the first does; the count is the one the database keeps (mesh_count).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page list(String accountId, String regionId, long page, int size) {
        long total = count(accountId, regionId);
        if (page > (total + size - 1) / size) {
            return new Page(List.of(), total); // past the last page (compared as page counts: no overflow)
        }
        long skipped = (page - 1) * size;
        long end = Math.min(skipped + size, total);
        boolean fromEnd = total - end < skipped;
        List<String> ids = Mesh.getEntityManager()
                .createQuery(
                        "select id from Mesh where accountId = ?1 and regionId = ?2 order by "
                                + (fromEnd ? "createdAt desc, id desc" : "createdAt, id"),
                        String.class)
                .setParameter(1, accountId)
                .setParameter(2, regionId)
                .setFirstResult((int) (fromEnd ? total - end : skipped))
                .setMaxResults((int) (end - skipped))
                .getResultList();
        return new Page(ids.isEmpty() ? List.of() : Mesh.list("id in ?1 order by createdAt, id", ids), total);
    }

    private long count(String accountId, String regionId) {
        List<?> count = Mesh.getEntityManager()
                .createNativeQuery("SELECT meshes FROM mesh_count WHERE account_id = ?1 AND region_id = ?2")
                .setParameter(1, accountId)
                .setParameter(2, regionId)
                .getResultList();
        return count.isEmpty() ? 0 : ((Number) count.get(0)).longValue();
    }

    /** DeleteServiceMesh: refuses while clusters are attached unless forced; the reconciler tears down. */
    public void delete(String accountId, String meshId, boolean force) {
        Mesh mesh = findForChange(accountId, meshId);
        if (!force && !mesh.clusters().isEmpty()) {
            throw new AsmException(AsmError.CLUSTERS_NOT_EMPTY);
        }
        if (mesh.meshState() != MeshState.DELETING) {
            mesh.moveTo(MeshState.DELETING);
            nudge.fire(new ReconcileNudge(mesh.id));
        }
    }

    /**
     * UpdateMeshFeature: a partial update; the reconciler re-renders and re-applies the configuration. It is also the
     * way out of a failed state (docs/states.md): the corrected mesh goes back to the step that failed, with fresh
     * attempts.
     */
    public void updateFeatures(String accountId, String meshId, Map<String, Object> changes) {
        Mesh mesh = findForChange(accountId, meshId);
        MeshState next = switch (mesh.meshState()) {
            case RUNNING -> MeshState.UPDATING;
            // Never ran (no istiod address yet): creation is retried, so MeshRunning is still told.
            case FAILED -> mesh.pilotEndpoint.isEmpty() ? MeshState.INITIAL : MeshState.UPDATING;
            case UPGRADING_FAILED -> MeshState.UPGRADING;
            default -> throw notSettled(mesh);
        };
        mesh.features = write(MeshFeatures.apply(features(mesh), changes));
        mesh.moveTo(next);
        nudge.fire(new ReconcileNudge(mesh.id));
    }

    /** UpgradeMeshVersion: to the adjacent minor version (DOMAIN.md §8.2); with preCheck only says whether it could. */
    public MeshVersions.Version upgrade(String accountId, String meshId, boolean preCheck) {
        Mesh mesh = findForChange(accountId, meshId);
        requireSettled(mesh);
        MeshVersions.Version next = versions.upgradeFrom(mesh.version)
                .orElseThrow(() -> new AsmException(AsmError.UPGRADE_VERSION_NOT_AVAILABLE, mesh.version));
        if (!preCheck) {
            mesh.version = next.asm();
            mesh.moveTo(MeshState.UPGRADING);
            nudge.fire(new ReconcileNudge(mesh.id));
        }
        return next;
    }

    // --- Terraform, part 1 (tfcore) ---

    /** ModifyServiceMeshName: only the name people see; the mesh's configuration does not change. */
    public void rename(String accountId, String meshId, String name) {
        Mesh mesh = find(accountId, meshId);
        mesh.name = name;
        mesh.updatedAt = OffsetDateTime.now();
    }

    /**
     * UpgradeMeshEditionPartially: UpgradeMeshVersion's rules; {@code expected}, when given, must be the version the
     * upgrade goes to. A mesh already on {@code expected} is left as it is (a client retrying a finished upgrade).
     */
    public MeshVersions.Version upgradeTo(String accountId, String meshId, String expected, boolean preCheck) {
        Mesh mesh = find(accountId, meshId);
        if (expected == null || expected.isEmpty()) {
            return upgrade(accountId, meshId, preCheck);
        }
        if (expected.equals(mesh.version) && mesh.meshState() != MeshState.UPGRADING_FAILED) {
            return versions.installed(mesh.version);
        }
        requireSettled(mesh);
        MeshVersions.Version next = versions.upgradeFrom(mesh.version)
                .orElseThrow(() -> new AsmException(AsmError.UPGRADE_VERSION_NOT_AVAILABLE, mesh.version));
        if (!next.asm().equals(expected)) {
            throw new AsmException(
                    AsmError.INVALID_PARAMETER,
                    "ExpectedVersion",
                    "A mesh on " + mesh.version + " upgrades one minor version at a time, to " + next.asm() + ".");
        }
        return upgrade(accountId, meshId, preCheck);
    }

    @SuppressWarnings("unchecked")
    private static List<MeshTags.Tag> tagsOf(Map<String, Object> params) {
        Object given = params.get("Tag");
        if (!(given instanceof List<?> list)) {
            return List.of();
        }
        return list.stream()
                .map(t -> (Map<String, Object>) t)
                .map(t -> new MeshTags.Tag(String.valueOf(t.get("Key")), String.valueOf(t.getOrDefault("Value", ""))))
                .toList();
    }

    // --- end tfcore ---

    /** DescribeServiceMeshKubeconfig: intranet or public endpoint; public only when ApiServerPublicEip is on. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public MeshApiServer.OwnerKubeconfig ownerKubeconfig(String accountId, String meshId, boolean privateIp) {
        Mesh mesh = find(accountId, meshId);
        if (mesh.kubeconfigSealed == null || mesh.apiServerEndpoint.isEmpty()) {
            throw new AsmException(AsmError.SERVICE_MESH_NO_API_SERVER, mesh.state);
        }
        if (!privateIp && !mesh.apiServerPublicEip) {
            throw new AsmException(AsmError.API_SERVER_PUBLIC_EIP_DISABLED);
        }
        return apiServer.ownerKubeconfig(
                cipher.decrypt(mesh.kubeconfigSealed),
                mesh.apiServerEndpoint,
                mesh.caCert,
                mesh.id,
                config.kubeconfigTtl());
    }

    /** A signed workload certificate with its key, and the root it chains to. */
    public record WorkloadCertificate(MeshCertificateAuthority.Issued issued, String rootCert) {}

    /** A workload certificate from the mesh's CA (for vm-service's VM bootstrap bundles). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public WorkloadCertificate signWorkload(
            String accountId,
            String meshId,
            String trustDomain,
            String namespace,
            String serviceAccount,
            Duration ttl) {
        Mesh mesh = find(accountId, meshId);
        if (mesh.caCert == null) {
            throw new AsmException(AsmError.SERVICE_MESH_NO_CA, mesh.state);
        }
        return new WorkloadCertificate(
                MeshCertificateAuthority.signWorkload(
                        new MeshCertificateAuthority.Issued(mesh.caCert, cipher.decrypt(mesh.caKeySealed)),
                        trustDomain,
                        namespace,
                        serviceAccount,
                        ttl),
                mesh.caCert);
    }

    /** Installs a member cluster's remote secret on the mesh API server (cluster-service asks, mesh-service owns it). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void putRemoteSecret(String accountId, String meshId, String clusterId, String memberKubeconfig) {
        apiServer.putRemoteSecret(adminKubeconfig(find(accountId, meshId)), clusterId, memberKubeconfig);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public void deleteRemoteSecret(String accountId, String meshId, String clusterId) {
        apiServer.deleteRemoteSecret(adminKubeconfig(find(accountId, meshId)), clusterId);
    }

    private String adminKubeconfig(Mesh mesh) {
        if (mesh.kubeconfigSealed == null) {
            throw new AsmException(AsmError.SERVICE_MESH_NO_API_SERVER, mesh.state);
        }
        return cipher.decrypt(mesh.kubeconfigSealed);
    }

    /** Changes wait until the mesh has settled: a mesh being created, changed or deleted takes no new orders. */
    private static void requireSettled(Mesh mesh) {
        if (mesh.meshState() != MeshState.RUNNING) {
            throw notSettled(mesh);
        }
    }

    private static AsmException notSettled(Mesh mesh) {
        return new AsmException(AsmError.SERVICE_MESH_NOT_SETTLED, mesh.state);
    }

    /**
     * The stored features over today's defaults, so a feature added since the mesh was made has its default. A pure
     * function of the row: it needs no transaction of its own (the class's REQUIRED began one per mesh described).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Object> features(Mesh mesh) {
        try {
            Map<String, Object> features = MeshFeatures.defaults(mesh.id);
            features.putAll(json.readValue(mesh.features, MAP));
            return features;
        } catch (Exception e) {
            throw new IllegalStateException("Stored features of " + mesh.id + " are not JSON", e);
        }
    }

    private String write(Map<String, Object> features) {
        return json.valueToTree(features).toString();
    }

    /** VSwitches arrive as a string holding a JSON array ({@code ["vsw-1"]}); a bare id is taken as one. */
    private List<String> vswitches(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(text, new TypeReference<List<String>>() {});
        } catch (Exception e) {
            if (text.matches("[A-Za-z0-9-]+")) {
                return List.of(text);
            }
            throw new AsmException(AsmError.INVALID_PARAMETER, "VSwitches", "It must be a JSON array of vSwitch ids.");
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
