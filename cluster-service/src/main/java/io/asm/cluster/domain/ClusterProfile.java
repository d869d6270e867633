package io.asm.cluster.domain;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.IstioNames;
import java.util.regex.Pattern;

/**
 * What RegisterCluster records beside the credentials, shown by DescribeServiceMeshClusters (CONTRACT.md §9): the
 * cluster's name, its VPC and its DNS domain. Checked here again although the gateway checks the same formats, since
 * the domain ends up in the mesh's configuration.
 */
public record ClusterProfile(String name, String vpcId, String clusterDomain) {

    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern CLOUD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** Name defaults to the cluster id, the domain to {@code cluster.local}; VpcId may be left out. */
    public static ClusterProfile of(String clusterId, String name, String vpcId, String clusterDomain) {
        String domain = blank(clusterDomain) ? IstioNames.CLUSTER_LOCAL : clusterDomain;
        if (domain.length() > 253 || !DNS_SUBDOMAIN.matcher(domain).matches()) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "ClusterDomain", "It must be a DNS-1123 subdomain.");
        }
        String vpc = blank(vpcId) ? "" : vpcId;
        if (!vpc.isEmpty() && !CLOUD_ID.matcher(vpc).matches()) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "VpcId", "It must be a resource id such as vpc-…");
        }
        return new ClusterProfile(blank(name) ? clusterId : name, vpc, domain);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
