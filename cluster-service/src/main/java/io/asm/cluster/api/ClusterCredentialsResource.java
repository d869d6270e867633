package io.asm.cluster.api;

import io.asm.cluster.domain.ClusterDelegates;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.DelegateAccount;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Internal: a short-lived kubeconfig for a running member cluster of the caller's mesh, for services that write
 * there (vm-service: VM app Services; observability-service: reading Service {@code prometheus}). cluster-service
 * stays the only holder of the registered credentials.
 */
@Path("/clusters/{ClusterId}/credentials")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterCredentialsResource {

    /** Which mesh the caller wants the cluster for: it must be a running member of it. */
    public record CredentialsRequest(String ServiceMeshId) {}

    /** The kubeconfig of ServiceAccount {@code asm-delegate}, and when its token expires (RFC 3339). */
    public record Credentials(String ClusterId, String Kubeconfig, String ExpirationTime) {}

    @Inject
    ClusterDelegates delegates;

    @Inject
    RequestContext context;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Credentials issue(@PathParam("ClusterId") String clusterId, CredentialsRequest request) {
        if (request == null
                || request.ServiceMeshId() == null
                || request.ServiceMeshId().isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, "ServiceMeshId");
        }
        DelegateAccount.Issued issued = delegates.issue(context.requireAccountId(), request.ServiceMeshId(), clusterId);
        return new Credentials(clusterId, issued.kubeconfig(), issued.expirationTime());
    }
}
