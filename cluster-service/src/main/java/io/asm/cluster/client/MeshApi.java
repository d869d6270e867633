package io.asm.cluster.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.client.ErrorEnvelopeDecoder;
import io.asm.common.client.InternalHeaders;
import io.asm.common.context.AsmHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of mesh-service's internal API cluster-service calls; URL and timeouts are {@code
 * quarkus.rest-client.mesh-service.*}. The account is explicit because reconcilers call outside any request.
 */
@RegisterRestClient(configKey = "mesh-service")
@RegisterClientHeaders(InternalHeaders.class)
@RegisterProvider(ErrorEnvelopeDecoder.class)
@Path("/meshes/{meshId}")
@Produces(MediaType.APPLICATION_JSON)
interface MeshApi {

    /** A mesh's state and istiod address (mesh-service's {@code MeshResponses.State}). */
    @GET
    @Path("state")
    MeshState state(@HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId, @PathParam("meshId") String meshId);

    @PUT
    @Path("remote-secrets/{clusterId}")
    @Consumes(MediaType.APPLICATION_JSON)
    void putRemoteSecret(
            @HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId,
            @PathParam("meshId") String meshId,
            @PathParam("clusterId") String clusterId,
            RemoteSecret secret);

    @DELETE
    @Path("remote-secrets/{clusterId}")
    void deleteRemoteSecret(
            @HeaderParam(AsmHeaders.ACCOUNT_ID) String accountId,
            @PathParam("meshId") String meshId,
            @PathParam("clusterId") String clusterId);

    record MeshState(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("State") String state,
            @JsonProperty("IntranetPilotEndpoint") String intranetPilotEndpoint) {}

    /** The body of a remote secret, as mesh-service's RemoteSecret request. */
    record RemoteSecret(@JsonProperty("Kubeconfig") String kubeconfig) {}
}
