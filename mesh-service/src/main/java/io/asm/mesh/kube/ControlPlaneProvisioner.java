package io.asm.mesh.kube;

import io.asm.mesh.ca.MeshCertificateAuthority;
import io.asm.mesh.domain.Mesh;
import java.util.Map;
import java.util.Optional;

/**
 * Where a mesh's control plane runs: its own Kubernetes API server (the config cluster holding the Istio CRDs) and
 * istiod. Every operation is idempotent and returns what stands now, so the reconciler may repeat it after a crash
 * and simply ask again while things come up.
 */
public interface ControlPlaneProvisioner {

    /**
     * The mesh API server, created if absent and kept to the mesh's {@code features} (those that concern it, such as
     * EnableAudit); empty while it is not serving yet.
     */
    Optional<ControlPlane> ensure(Mesh mesh, Map<String, Object> features, MeshCertificateAuthority.Issued ca)
            throws Exception;

    /** istiod for the mesh, signing with the mesh CA; its xDS address once it is available. */
    Optional<String> ensureIstiod(Mesh mesh, ControlPlane controlPlane, MeshCertificateAuthority.Issued ca)
            throws Exception;

    /** Removes everything the provisioner made; a no-op when it is already gone. */
    void teardown(Mesh mesh) throws Exception;

    /** {@code ref} is the provisioner's handle; {@code kubeconfig} reaches the API server with admin rights. */
    record ControlPlane(String ref, String apiServerUrl, String kubeconfig) {}
}
