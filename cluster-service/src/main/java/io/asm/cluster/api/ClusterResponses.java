package io.asm.cluster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Answers of cluster-service's internal API; the gateway passes them through, so names and types are the wire's. */
public final class ClusterResponses {

    private ClusterResponses() {}

    /**
     * One cluster as both listings show it; ForbiddenFlag/ForbiddenInfo only in DescribeServiceMeshClusters (whether
     * it can be added, today's model).
     */
    public record ClusterItem(
            @JsonProperty("ClusterId") String clusterId,
            @JsonProperty("Name") String name,
            @JsonProperty("ClusterType") String clusterType,
            @JsonProperty("RegionId") String regionId,
            @JsonProperty("ServiceMeshId") String serviceMeshId,
            @JsonProperty("State") String state,
            @JsonProperty("ErrorMessage") String errorMessage,
            @JsonProperty("Version") String version,
            @JsonProperty("ClusterDomain") String clusterDomain,
            @JsonProperty("VpcId") String vpcId,
            @JsonProperty("SgId") String sgId,
            @JsonProperty("CreationTime") String creationTime,
            @JsonProperty("UpdateTime") String updateTime,

            @JsonProperty("ForbiddenFlag") @JsonInclude(JsonInclude.Include.NON_NULL)
            Integer forbiddenFlag,

            @JsonProperty("ForbiddenInfo") @JsonInclude(JsonInclude.Include.NON_NULL)
            String forbiddenInfo) {

        ClusterItem forbidden(String why) {
            return new ClusterItem(
                    clusterId,
                    name,
                    clusterType,
                    regionId,
                    serviceMeshId,
                    state,
                    errorMessage,
                    version,
                    clusterDomain,
                    vpcId,
                    sgId,
                    creationTime,
                    updateTime,
                    why.isEmpty() ? 0 : 1,
                    why);
        }
    }

    /** DescribeServiceMeshClusters. */
    public record Registered(
            @JsonProperty("Clusters") List<ClusterItem> clusters,
            @JsonProperty("NumberOfClusters") long numberOfClusters) {}

    /** RegisterCluster: the cluster as DescribeServiceMeshClusters will show it. */
    public record ClusterRegistered(@JsonProperty("Cluster") ClusterItem cluster) {}

    /** DescribeClustersInServiceMesh. */
    public record InMesh(@JsonProperty("Clusters") List<ClusterItem> clusters) {}

    /** DescribeCens: the ids of the clusters that are not connected. */
    public record Cens(@JsonProperty("Clusters") List<String> clusters) {}

    /** The SDKs read Code as a string (CONTRACT.md §1.5). */
    public record Success(
            @JsonProperty("Code") String code,
            @JsonProperty("Message") String message) {

        static final Success OK = new Success("200", "success");
    }
}
