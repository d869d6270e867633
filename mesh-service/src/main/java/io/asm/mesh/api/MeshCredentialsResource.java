package io.asm.mesh.api;

import io.asm.common.context.RequestContext;
import io.asm.common.kube.DelegateAccount;
import io.asm.mesh.domain.MeshDelegates;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Internal (vm-service): a short-lived kubeconfig for the mesh API server, limited to what VM applications need
 * there (ServiceEntries, WorkloadEntries, their namespaces, and tokens of VM ServiceAccounts).
 */
@Path("/meshes/{ServiceMeshId}/vm-credentials")
@Produces(MediaType.APPLICATION_JSON)
public class MeshCredentialsResource {

    /** The kubeconfig of ServiceAccount {@code asm-vm-delegate}, and when its token expires (RFC 3339). */
    public record Credentials(String ServiceMeshId, String Kubeconfig, String ExpirationTime) {}

    @Inject
    MeshDelegates delegates;

    @Inject
    RequestContext context;

    @POST
    public Credentials issue(@PathParam("ServiceMeshId") String meshId) {
        DelegateAccount.Issued issued = delegates.issue(context.requireAccountId(), meshId);
        return new Credentials(meshId, issued.kubeconfig(), issued.expirationTime());
    }
}
