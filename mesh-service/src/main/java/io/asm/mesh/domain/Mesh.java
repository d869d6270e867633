package io.asm.mesh.domain;

import io.asm.common.reconcile.ReconciledEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Formula;

/** A service mesh: desired features and where its control plane stands. */
@Entity
@Table(name = "mesh")
public class Mesh extends ReconciledEntity {

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "region_id")
    public String regionId;

    public String name;

    public String version;

    @Column(name = "vpc_id")
    public String vpcId;
    /** JSON array text, as clients send it. */
    public String vswitches;

    @Column(name = "api_server_public_eip")
    public boolean apiServerPublicEip;

    @Column(name = "pilot_public_eip")
    public boolean pilotPublicEip;
    /** {@link MeshFeatures} as JSON. */
    public String features;
    /** The provisioner's handle on the control plane (simulated cluster id, or namespace). */
    @Column(name = "control_plane_ref")
    public String controlPlaneRef;

    @Column(name = "api_server_endpoint")
    public String apiServerEndpoint = "";

    /** Its API server's Kubernetes version, as the reconciler read it; empty until then. */
    @Column(name = "api_server_version")
    public String apiServerVersion = "";

    @Column(name = "pilot_endpoint")
    public String pilotEndpoint = "";

    @Column(name = "kubeconfig_sealed")
    public String kubeconfigSealed;
    /** The mesh's root CA certificate (PEM); its key is {@link #caKeySealed}. */
    @Column(name = "ca_cert")
    public String caCert;

    @Column(name = "ca_key_sealed")
    public String caKeySealed;

    /**
     * The attached clusters (membership read model), comma-separated and ordered, read in the same statement as the
     * mesh: describing a mesh is one round trip. As of loading; writes go to mesh_membership.
     */
    @Formula(
            "(SELECT string_agg(mm.cluster_id, ',' ORDER BY mm.cluster_id) FROM mesh_membership mm WHERE mm.mesh_id = id)")
    String memberClusters;

    public List<String> clusters() {
        return memberClusters == null ? List.of() : List.of(memberClusters.split(","));
    }

    public MeshState meshState() {
        return MeshState.fromWire(state);
    }

    /** Moves to {@code next} (a move {@link MeshState} allows; a new mesh starts initial) for the reconciler to take up. */
    public void moveTo(MeshState next) {
        boolean allowed =
                state == null ? next == MeshState.INITIAL : meshState().canMoveTo(next);
        if (!allowed) {
            throw new IllegalStateException("Mesh " + id + " cannot move from " + state + " to " + next.wire());
        }
        enter(next.wire());
    }
}
