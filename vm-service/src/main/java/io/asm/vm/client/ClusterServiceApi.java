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
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** cluster-service's internal API as vm-service uses it; {@link ClusterService} wraps it. */
@RegisterRestClient(configKey = "cluster-service")
@RegisterProvider(ErrorEnvelopeDecoder.class)
@RegisterClientHeaders(InternalHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface ClusterServiceApi {

    /** DescribeClustersInServiceMesh's answer, the parts read here. */
    record Members(List<Member> Clusters) {}

    record Member(String ClusterId, String State) {}

    record CredentialsRequest(String ServiceMeshId) {}

    record Credentials(String ClusterId, String Kubeconfig, String ExpirationTime) {}

    @GET
    @Path("/meshes/{ServiceMeshId}/clusters")
    Members members(@PathParam("ServiceMeshId") String meshId, @HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId);

    @POST
    @Path("/clusters/{ClusterId}/credentials")
    Credentials credentials(
            @PathParam("ClusterId") String clusterId,
            CredentialsRequest request,
            @HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId);
}
