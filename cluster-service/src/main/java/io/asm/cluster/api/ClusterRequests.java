package io.asm.cluster.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Bodies cluster-service's internal API takes; JSON names are the ASM parameter names the gateway passes on. */
public final class ClusterRequests {

    private ClusterRequests() {
    }

    /** AddClusterIntoServiceMesh; Kubeconfig registers the cluster (or renews its credentials). */
    public record AddCluster(@JsonProperty("ClusterId") String clusterId,
                             @JsonProperty("Kubeconfig") String kubeconfig,
                             @JsonProperty("DiscoveryOnly") Boolean discoveryOnly,
                             @JsonProperty("IgnoreNamespaceCheck") Boolean ignoreNamespaceCheck) {
    }
}
