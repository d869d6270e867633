package io.asm.cluster.domain;

import io.asm.cluster.client.MeshServiceClient;
import io.asm.cluster.kube.DataPlane;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.quota.Quota;
import io.asm.common.quota.Quotas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The cluster registry and membership rules (DOMAIN.md §3.7–3.10). Requests only record the desired membership;
 * the {@code ClusterReconciler} does the Kubernetes work.
 */
@ApplicationScoped
@Transactional
public class Clusters {

    @Inject
    MeshServiceClient meshes;

    @Inject
    DataPlane dataPlane;

    @Inject
    SecretCipher cipher;

    @Inject
    Event<ClusterNudge> nudge;

    @Inject
    Quotas quotas;

    /**
     * AddClusterIntoServiceMesh: a {@code kubeconfig} registers the cluster (or renews its credentials); without one
     * the cluster must be registered already. Adding a cluster that is joining or in the mesh again changes nothing.
     */
    public void add(
            String accountId,
            String regionId,
            String meshId,
            String clusterId,
            Registration registration,
            boolean discoveryOnly,
            boolean ignoreNamespaceCheck) {
        MeshServiceClient.MeshInfo mesh = requireMesh(accountId, meshId);
        if (!mesh.running()) {
            throw new AsmException(AsmError.SERVICE_MESH_NOT_RUNNING_FOR_CLUSTERS, mesh.state());
        }
        Cluster cluster;
        if (registration != null) {
            cluster = register(accountId, regionId, clusterId, registration);
        } else {
            cluster = Cluster.findById(clusterId, LockModeType.PESSIMISTIC_WRITE); // not deregistered meanwhile
            if (cluster == null || !cluster.accountId.equals(accountId)) {
                throw clusterNotFound(clusterId);
            }
        }
        if (cluster.meshId != null && !cluster.meshId.equals(meshId)) {
            throw new AsmException(AsmError.CLUSTER_IN_ANOTHER_MESH, clusterId, cluster.meshId);
        }
        if (cluster.membershipState() == MembershipState.REMOVING) {
            throw new AsmException(AsmError.CLUSTER_BEING_REMOVED);
        }
        if (meshId.equals(cluster.meshId) && cluster.membershipState() != MembershipState.FAILED) {
            return;
        }
        cluster.meshId = meshId;
        cluster.discoveryOnly = discoveryOnly;
        cluster.checkNamespace = !ignoreNamespaceCheck;
        cluster.moveTo(MembershipState.CONNECTING);
        nudge.fire(new ClusterNudge(clusterId));
    }

    /**
     * RemoveClusterFromServiceMesh: the reconciler undoes what joining made, then the cluster is out; istio-system goes
     * too where joining created it, unless {@code reserveNamespace}.
     */
    public void remove(String accountId, String meshId, String clusterId, boolean reserveNamespace) {
        // Locked: a reconcile step holding the cluster finishes first, so a leave it just completed is not undone.
        Cluster cluster = Cluster.findById(clusterId, LockModeType.PESSIMISTIC_WRITE);
        if (cluster == null || !cluster.accountId.equals(accountId) || !meshId.equals(cluster.meshId)) {
            throw new AsmException(AsmError.CLUSTER_NOT_IN_MESH, clusterId, meshId);
        }
        cluster.reserveNamespace = reserveNamespace;
        if (cluster.membershipState() != MembershipState.REMOVING) {
            cluster.moveTo(MembershipState.REMOVING);
            nudge.fire(new ClusterNudge(clusterId));
        }
    }

    /** MeshDeleted: every cluster of the mesh leaves it. */
    public void meshDeleted(String meshId) {
        List<Cluster> members = Cluster.<Cluster>find("meshId = ?1 and state <> ?2", meshId, Cluster.REMOVING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
        for (Cluster cluster : members) {
            cluster.reserveNamespace = false;
            cluster.moveTo(MembershipState.REMOVING);
            nudge.fire(new ClusterNudge(cluster.id));
        }
    }

    /** The mesh runs (again): clusters waiting to join it are due now. */
    public void meshRuns(String meshId) {
        List<Cluster> joining = Cluster.<Cluster>find("meshId = ?1 and state = ?2", meshId, Cluster.CONNECTING)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
        for (Cluster cluster : joining) {
            cluster.lookNow();
            nudge.fire(new ClusterNudge(cluster.id));
        }
    }

    /** DescribeServiceMeshClusters: a page of the account's registered clusters; a named mesh must exist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page candidates(String accountId, String meshId, int offset, int limit) {
        if (meshId != null) {
            requireMesh(accountId, meshId);
        }
        List<Cluster> clusters = Cluster.<Cluster>find("accountId = ?1 order by createdAt, id", accountId)
                .range(offset, offset + limit - 1)
                .list();
        return new Page(clusters, Cluster.count("accountId", accountId));
    }

    /** Some of the account's clusters, and how many it has in all. */
    public record Page(List<Cluster> clusters, long total) {}

    /** DescribeClustersInServiceMesh. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Cluster> inMesh(String accountId, String meshId) {
        requireMesh(accountId, meshId);
        return Cluster.list("accountId = ?1 and meshId = ?2 order by createdAt, id", accountId, meshId);
    }

    /**
     * DescribeCens: member clusters the control plane cannot reach (the self-hosted reading of "not connected"), in
     * {@code meshId} or, when null, in any of the account's meshes.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> unreachable(String accountId, String meshId) {
        List<Cluster> found;
        if (meshId == null) {
            found = Cluster.list("accountId = ?1 and meshId is not null and reachable = false order by id", accountId);
        } else {
            requireMesh(accountId, meshId);
            found = Cluster.list("accountId = ?1 and meshId = ?2 and reachable = false order by id", accountId, meshId);
        }
        return found.stream().map(c -> c.id).toList();
    }

    private MeshServiceClient.MeshInfo requireMesh(String accountId, String meshId) {
        return meshes.mesh(accountId, meshId).orElseThrow(() -> new AsmException(AsmError.SERVICE_MESH_NOT_FOUND));
    }

    /**
     * A submitted kubeconfig, checked and proven against its API server before anything is stored; outside any
     * transaction, since it calls out.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Registration prove(String kubeconfig) {
        DataPlane.Proven proven = dataPlane.prove(kubeconfig);
        return new Registration(
                kubeconfig, proven.systemUid(), proven.kubeconfig().serverUrl());
    }

    /** A kubeconfig that passed {@link #prove}: the cluster's kube-system UID and the server URL. */
    public record Registration(String kubeconfig, String systemUid, String serverUrl) {}

    /**
     * RegisterCluster (extension action): the registration AddClusterIntoServiceMesh's Kubeconfig makes, with the
     * cluster's name, VPC and domain. Registering one's own cluster again renews its credentials and profile.
     */
    public Cluster register(
            String accountId, String regionId, String clusterId, Registration registration, ClusterProfile profile) {
        Cluster cluster = register(accountId, regionId, clusterId, registration);
        cluster.name = profile.name();
        cluster.vpcId = profile.vpcId();
        cluster.clusterDomain = profile.clusterDomain();
        return cluster;
    }

    /**
     * DeregisterCluster (extension action): forgets the cluster and its credentials; refused while it is in a mesh,
     * since its membership objects are still to be undone with its credentials.
     */
    public void deregister(String accountId, String clusterId) {
        Cluster cluster = Cluster.findById(clusterId, LockModeType.PESSIMISTIC_WRITE);
        if (cluster == null || !cluster.accountId.equals(accountId)) {
            throw clusterNotFound(clusterId);
        }
        if (cluster.meshId != null) {
            throw new AsmException(AsmError.CLUSTER_IN_SERVICE_MESH, clusterId, cluster.meshId);
        }
        String kubeconfig = cipher.decrypt(cluster.kubeconfigSealed);
        cluster.delete();
        dataPlane.forget(kubeconfig); // its cached client holds the credentials
    }

    private Cluster register(String accountId, String regionId, String clusterId, Registration registration) {
        // Locked: a DeregisterCluster racing a renewal leaves one of them to fail cleanly, not a stale update.
        Cluster cluster = Cluster.findById(clusterId, LockModeType.PESSIMISTIC_WRITE);
        if (cluster != null && !cluster.accountId.equals(accountId)) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "ClusterId", "It is registered already.");
        }
        // One registration per cluster: another id for the same cluster — its kube-system UID, however the kubeconfig
        // reaches it, or the same server URL — would have two meshes (and two tenants) writing into it.
        long same = Cluster.count(
                "(server = ?1 or systemUid = ?2) and id <> ?3",
                registration.serverUrl(),
                registration.systemUid(),
                clusterId);
        if (same > 0) {
            throw new AsmException(
                    AsmError.INVALID_PARAMETER,
                    "Kubeconfig",
                    "Its API server is registered already under another ClusterId.");
        }
        if (cluster == null) {
            requireClusterQuota(accountId);
            cluster = new Cluster();
            cluster.id = clusterId;
            cluster.accountId = accountId;
            cluster.regionId = regionId;
            cluster.name = clusterId;
            cluster.createdAt = OffsetDateTime.now();
            cluster.nextAttemptAt = OffsetDateTime.now();
        }
        if (cluster.kubeconfigSealed != null) {
            dataPlane.forget(cipher.decrypt(cluster.kubeconfigSealed)); // its client holds the old credentials
        }
        cluster.kubeconfigSealed = cipher.encrypt(registration.kubeconfig());
        cluster.server = registration.serverUrl();
        cluster.systemUid = registration.systemUid();
        cluster.updatedAt = OffsetDateTime.now();
        cluster.persist();
        try {
            Cluster.flush(); // a registration racing this one for the id or the server loses here, not at commit
        } catch (PersistenceException e) {
            throw new AsmException(
                    AsmError.INVALID_PARAMETER, "ClusterId", "It or its API server is registered already.");
        }
        return cluster;
    }

    /** One account's registrations take turns, so two cannot both take the last slot. */
    private void requireClusterQuota(String accountId) {
        Quotas.takeTurns(Cluster.getEntityManager(), Quota.CLUSTERS, accountId);
        quotas.requireRoom(Quota.CLUSTERS, Cluster.count("accountId", accountId));
    }

    private static AsmException clusterNotFound(String clusterId) {
        return new AsmException(AsmError.CLUSTER_NOT_REGISTERED, clusterId);
    }
}
