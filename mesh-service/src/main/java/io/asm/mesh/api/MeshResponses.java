package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answers of mesh-service's internal API; the gateway passes them through, so JSON names and types are the wire's.
 * The mesh detail stays a tree built by {@link MeshDetailView} (about sixty fields in five nested objects, pinned by
 * the SDK tests): a record tree would only restate it.
 */
public final class MeshResponses {

    private MeshResponses() {}

    public record Created(@JsonProperty("ServiceMeshId") String serviceMeshId) {}

    public record Detail(
            @JsonProperty("ServiceMesh") @Schema(implementation = Object.class, description = MeshDetailView.SHAPE)
            JsonNode serviceMesh) {}

    /** A mesh as the other services check it; the fields are DescribeServiceMeshDetail's. */
    public record State(
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("State") String state,
            @JsonProperty("IntranetPilotEndpoint") String intranetPilotEndpoint) {}

    public record Page(
            @JsonProperty("ServiceMeshes") @Schema(description = "Each as DescribeServiceMeshDetail's ServiceMesh")
            List<JsonNode> serviceMeshes,

            @JsonProperty("PageNumber") long pageNumber,
            @JsonProperty("PageSize") long pageSize,
            @JsonProperty("TotalCount") long totalCount) {}

    /** ExpireTime as the newer SDKs model it: {@code yyyy-MM-dd HH:mm:ss}, UTC. */
    public record Kubeconfig(
            @JsonProperty("Kubeconfig") String kubeconfig,
            @JsonProperty("ExpireTime") String expireTime) {}

    public record WorkloadCertificate(
            @JsonProperty("CertChain") String certChain,
            @JsonProperty("Key") String key,
            @JsonProperty("RootCert") String rootCert) {}

    public record UpgradeVersion(@JsonProperty("Version") Version version) {}

    public record Version(
            @JsonProperty("IstioVersion") String istioVersion,
            @JsonProperty("IstioOperatorVersion") String istioOperatorVersion,
            @JsonProperty("KubernetesVersion") String kubernetesVersion) {}

    /** Actions whose answer is only the gateway's RequestId. */
    public record Done() {}
}
