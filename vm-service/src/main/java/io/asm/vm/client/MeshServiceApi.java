package io.asm.vm.client;

import io.asm.common.client.ErrorEnvelopeDecoder;
import io.asm.common.client.InternalHeaders;
import io.asm.common.context.AsmHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** mesh-service's internal API as vm-service uses it; {@link MeshService} wraps it. */
@RegisterRestClient(configKey = "mesh-service")
@RegisterProvider(ErrorEnvelopeDecoder.class)
@RegisterClientHeaders(InternalHeaders.class)
@Path("/meshes/{ServiceMeshId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface MeshServiceApi {

    /** A mesh's state and istiod address (mesh-service's {@code MeshResponses.State}). */
    record MeshState(String ServiceMeshId, String State, String IntranetPilotEndpoint) {}

    record WorkloadCertificateRequest(String Namespace, String ServiceAccount, String TrustDomain, long TtlSeconds) {}

    /** The leaf only in {@code CertChain}; {@code RootCert} is the mesh CA, which signs leaves directly. */
    record WorkloadCertificate(String CertChain, String Key, String RootCert) {}

    record Credentials(String ServiceMeshId, String Kubeconfig, String ExpirationTime) {}

    @GET
    @Path("state")
    MeshState state(@PathParam("ServiceMeshId") String meshId, @HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId);

    @POST
    @Path("workload-certificates")
    WorkloadCertificate workloadCertificate(
            @PathParam("ServiceMeshId") String meshId,
            WorkloadCertificateRequest request,
            @HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId);

    @POST
    @Path("vm-credentials")
    Credentials credentials(
            @PathParam("ServiceMeshId") String meshId, @HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId);
}
