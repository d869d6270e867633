package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies mesh-service's internal API takes; JSON names are the ASM parameter names the gateway passes on. */
public final class MeshRequests {

    private MeshRequests() {}

    /**
     * CreateServiceMesh. The region is the {@code X-Asm-Region-Id} header the gateway resolved, not a body field; the
     * feature parameters (Tracing, TraceSampling, … as in UpdateMeshFeature) stay keyed by their API names because
     * {@code MeshFeatures} keeps and validates them that way.
     */
    public record CreateMesh(
            @JsonProperty("VpcId") String vpcId,

            @JsonProperty("VSwitches") @Schema(description = "A JSON array of vSwitch ids, as a string")
            String vswitches,

            @JsonProperty("IstioVersion") String istioVersion,
            @JsonProperty("Name") String name,
            @JsonProperty("Edition") String edition,
            @JsonProperty("ApiServerPublicEip") Boolean apiServerPublicEip,
            @JsonProperty("PilotPublicEip") Boolean pilotPublicEip,
            @JsonAnySetter @Schema(hidden = true) Map<String, Object> features) {

        /** Every parameter by its API name, as the domain reads them. */
        Map<String, Object> params() {
            Map<String, Object> all = new LinkedHashMap<>(features == null ? Map.of() : features);
            putIfGiven(all, "VpcId", vpcId);
            putIfGiven(all, "VSwitches", vswitches);
            putIfGiven(all, "IstioVersion", istioVersion);
            putIfGiven(all, "Name", name);
            putIfGiven(all, "Edition", edition);
            putIfGiven(all, "ApiServerPublicEip", apiServerPublicEip);
            putIfGiven(all, "PilotPublicEip", pilotPublicEip);
            return all;
        }

        private static void putIfGiven(Map<String, Object> params, String name, Object value) {
            if (value != null) {
                params.put(name, value);
            }
        }
    }

    /** UpdateMeshFeature: only the given features change (CONTRACT.md §9.3); keyed by API name like CreateMesh's. */
    @Schema(description = "Feature parameters by API name (Tracing, TraceSampling, OutboundTrafficPolicy, …)")
    public record UpdateFeatures(
            @JsonAnySetter @Schema(hidden = true) Map<String, Object> changes) {

        Map<String, Object> given() {
            return changes == null ? Map.of() : changes;
        }
    }

    /** A workload certificate for vm-service's bootstrap bundles; TrustDomain and TtlSeconds are optional. */
    public record SignWorkload(
            @JsonProperty("Namespace") String namespace,
            @JsonProperty("ServiceAccount") String serviceAccount,
            @JsonProperty("TrustDomain") String trustDomain,
            @JsonProperty("TtlSeconds") Long ttlSeconds) {}

    /** A member cluster's remote secret: the kubeconfig holding its reader token (DOMAIN.md §3.9 step 3). */
    public record RemoteSecret(@JsonProperty("Kubeconfig") String kubeconfig) {}

    /** UpgradeMeshVersion; with PreCheck only says whether it could. */
    public record Upgrade(@JsonProperty("PreCheck") Boolean preCheck) {}
}
