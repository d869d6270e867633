package io.asm.cluster.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Bodies cluster-service's internal API takes; JSON names are the ASM parameter names the gateway passes on. */
public final class ClusterRequests {

    private ClusterRequests() {}

    /** AddClusterIntoServiceMesh; Kubeconfig registers the cluster (or renews its credentials). */
    public record AddCluster(
            @JsonProperty("ClusterId") String clusterId,
            @JsonProperty("Kubeconfig") String kubeconfig,
            @JsonProperty("DiscoveryOnly") Boolean discoveryOnly,
            @JsonProperty("IgnoreNamespaceCheck") Boolean ignoreNamespaceCheck) {}

    /** RegisterCluster (extension action); the account and region come as headers, like every caller's. */
    public record RegisterCluster(
            @JsonProperty("ClusterId") String clusterId,
            @JsonProperty("Name") String name,
            @JsonProperty("VpcId") String vpcId,
            @JsonProperty("ClusterDomain") String clusterDomain,
            @JsonProperty("Kubeconfig") String kubeconfig) {}
}
