package io.asm.mesh.kube;

import io.asm.mesh.domain.Mesh;

/**
 * Where a mesh's control plane comes from: its own Kubernetes API server (holding the Istio CRDs) and, later,
 * istiod. Both operations are idempotent, so a reconciler may repeat them after a crash.
 */
public interface ControlPlaneProvisioner {

    /** The mesh API server as it stands now, created if absent. */
    ControlPlane ensure(Mesh mesh) throws Exception;

    /** Removes everything {@link #ensure} made; a no-op when it is already gone. */
    void teardown(Mesh mesh) throws Exception;

    /** {@code ref} is the provisioner's handle; {@code kubeconfig} reaches the API server with admin rights. */
    record ControlPlane(String ref, String apiServerUrl, String kubeconfig) {
    }
}
