package io.asm.observability.prometheus;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.client.ErrorEnvelopeDecoder;
import io.asm.common.client.InternalHeaders;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** cluster-service's short-lived credentials for a member cluster (a token kubeconfig that may get/list Services). */
@RegisterRestClient(configKey = "cluster-service")
@RegisterClientHeaders(InternalHeaders.class)
@RegisterProvider(ErrorEnvelopeDecoder.class)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface ClusterCredentialsApi {

    record CredentialRequest(@JsonProperty("ServiceMeshId") String serviceMeshId) {}

    record ClusterCredential(
            @JsonProperty("ClusterId") String clusterId,
            @JsonProperty("Kubeconfig") String kubeconfig,
            @JsonProperty("ExpirationTime") String expirationTime) {}

    @POST
    @Path("/clusters/{ClusterId}/credentials")
    ClusterCredential issue(@PathParam("ClusterId") String clusterId, CredentialRequest request);
}
