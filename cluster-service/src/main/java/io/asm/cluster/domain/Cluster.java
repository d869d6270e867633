package io.asm.cluster.domain;

import io.asm.common.kube.IstioNames;
import io.asm.common.reconcile.ReconciledEntity;
import io.asm.common.text.RemoteText;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A registered data-plane cluster and its membership (DOMAIN.md §2.2): {@code state} holds a {@link MembershipState}
 * by its wire name, empty while the cluster is in no mesh.
 */
@Entity
@Table(name = "cluster")
public class Cluster extends ReconciledEntity {

    // Wire names of the MembershipState values, for queries and tests that read the column.
    public static final String CONNECTING = MembershipState.CONNECTING.wire();
    public static final String RUNNING = MembershipState.RUNNING.wire();
    public static final String FAILED = MembershipState.FAILED.wire();
    public static final String REMOVING = MembershipState.REMOVING.wire();

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "region_id")
    public String regionId;

    public String name;

    @Column(name = "kubeconfig_sealed")
    public String kubeconfigSealed;
    /** The API server URL its kubeconfig names (not secret). */
    public String server = "";

    /** The UID of the istio-system joining created (null when it was there before): leaving may delete only that. */
    @Column(name = "istio_system_uid")
    public String istioSystemUid;

    /** Leaving the mesh keeps istio-system even where joining created it (RemoveClusterFromServiceMesh). */
    @Column(name = "reserve_namespace")
    public boolean reserveNamespace;

    /**
     * The UID of its kube-system namespace: the cluster, however its kubeconfig reaches it; registered once, whatever
     * the ClusterId. Null only for registrations stored before V6 until the probe reads it.
     */
    @Column(name = "system_uid")
    public String systemUid;

    public String version = "";

    @Column(name = "cluster_domain")
    public String clusterDomain = IstioNames.CLUSTER_LOCAL;
    /** The VPC its registration named; empty when registered by AddClusterIntoServiceMesh. */
    @Column(name = "vpc_id")
    public String vpcId = "";

    @Column(name = "mesh_id")
    public String meshId;

    {
        state = ""; // in no mesh
    }

    @Column(name = "discovery_only")
    public boolean discoveryOnly;

    @Column(name = "check_namespace")
    public boolean checkNamespace = true;

    /** Whether the last probe reached the API server; {@code probeError} says why not. */
    public boolean reachable = true;

    @Column(name = "probe_error")
    public String probeError = "";

    @Column(name = "probed_at")
    public OffsetDateTime probedAt;

    /** The version its API server reports: the server's text, so sanitised before it is stored. */
    public void recordVersion(String reported) {
        version = RemoteText.clean(reported);
    }

    /** Joining failed for a reason the user can fix ({@code ErrorMessage}); attempts stay as they were. */
    public void fail(String why) {
        if (!membershipState().canMoveTo(MembershipState.FAILED)) {
            throw new IllegalStateException("Cluster " + id + " cannot fail from " + membershipState());
        }
        state = MembershipState.FAILED.wire();
        errorMessage = why;
        updatedAt = OffsetDateTime.now();
    }

    public MembershipState membershipState() {
        return MembershipState.fromWire(state);
    }

    /** Moves the membership to {@code next} (a move the state machine allows) and has the reconciler look at it now. */
    public void moveTo(MembershipState next) {
        if (!membershipState().canMoveTo(next)) {
            throw new IllegalStateException("Cluster " + id + " cannot move from " + membershipState() + " to " + next);
        }
        enter(next.wire());
        errorMessage = "";
    }
}
