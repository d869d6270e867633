package io.asm.gateway.catalogue;

import static io.asm.gateway.catalogue.ActionSpec.OwningService.CLUSTER;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.GATEWAY;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.MESH;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.OBSERVABILITY;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.VM;
import static io.asm.gateway.catalogue.ParamSpec.bool;
import static io.asm.gateway.catalogue.ParamSpec.integer;
import static io.asm.gateway.catalogue.ParamSpec.number;
import static io.asm.gateway.catalogue.ParamSpec.required;
import static io.asm.gateway.catalogue.ParamSpec.string;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every action the gateway knows, declared once: owner, internal route, parameters (CONTRACT.md §9.1). Required-ness
 * follows today's API metadata where it is stricter than the seed; parameters that only older clients send are
 * still accepted. Parameters not listed are ignored, as POP ignores them.
 */
public final class ActionCatalogue {

    public static final String VERSION = "2020-01-11";

    /** Mesh features shared by CreateServiceMesh and UpdateMeshFeature (core SDK 1.1.0 and today's metadata). */
    private static final List<ParamSpec> MESH_FEATURES = List.of(
            bool("Tracing"), number("TraceSampling"), bool("LocalityLoadBalancing"), bool("Telemetry"),
            bool("EnableAudit"), string("AuditProject"), bool("OpenAgentPolicy"), bool("OpaEnabled"),
            string("OPALogLevel"), string("OPARequestCPU", "OPAResourceCPU"),
            string("OPARequestMemory", "OPAResourceMemory"), string("OPALimitCPU"), string("OPALimitMemory"),
            bool("CustomizedZipkin"), string("OutboundTrafficPolicy"), string("IncludeIPRanges"),
            string("ExcludeIPRanges"), string("ExcludeInboundPorts"), string("ExcludeOutboundPorts"),
            string("ProxyRequestCPU"), string("ProxyRequestMemory"), string("ProxyLimitCPU"), string("ProxyLimitMemory"),
            bool("AccessLogEnabled"), bool("KialiEnabled"), bool("CustomizedPrometheus"), string("PrometheusUrl"),
            bool("MSEEnabled"), bool("RedisFilterEnabled"), bool("MysqlFilterEnabled"), bool("ThriftFilterEnabled"),
            bool("WebAssemblyFilterEnabled"), bool("DNSProxyingEnabled"), string("ClusterDomain"));

    private static final Map<String, ActionSpec> ACTIONS = Stream.of(
            // mesh-service
            action("CreateServiceMesh", MESH, "POST", "/meshes", concat(List.of(
                    required("RegionId"), required("VpcId"), required("VSwitches"), string("IstioVersion"),
                    string("Name"), string("Edition"), bool("ApiServerPublicEip"), bool("PilotPublicEip")),
                    MESH_FEATURES)),
            action("DeleteServiceMesh", MESH, "DELETE", "/meshes/{ServiceMeshId}",
                    List.of(required("ServiceMeshId"), bool("Force"), string("RetainResources"))),
            action("DescribeServiceMeshDetail", MESH, "GET", "/meshes/{ServiceMeshId}", List.of(required("ServiceMeshId"))),
            action("DescribeServiceMeshes", MESH, "GET", "/meshes", List.of(integer("PageNumber"), integer("PageSize"))),
            action("DescribeServiceMeshKubeconfig", MESH, "GET", "/meshes/{ServiceMeshId}/kubeconfig",
                    List.of(required("ServiceMeshId"), bool("PrivateIpAddress"))),
            action("UpdateMeshFeature", MESH, "PATCH", "/meshes/{ServiceMeshId}/features",
                    concat(List.of(required("ServiceMeshId")), MESH_FEATURES, List.of(
                            bool("Http10Enabled"), bool("AutoInjectionPolicyEnabled"), bool("EnableNamespacesByDefault"),
                            string("SidecarInjectorRequestCPU"), string("SidecarInjectorRequestMemory"),
                            string("SidecarInjectorLimitCPU"), string("SidecarInjectorLimitMemory"),
                            string("SidecarInjectorWebhookAsYaml"), bool("CniEnabled"), string("CniExcludeNamespaces")))),
            action("DescribeUpgradeVersion", MESH, "GET", "/meshes/{ServiceMeshId}/upgrade-version",
                    List.of(required("ServiceMeshId"))),
            action("UpgradeMeshVersion", MESH, "POST", "/meshes/{ServiceMeshId}/upgrade",
                    List.of(required("ServiceMeshId"), bool("PreCheck"))),
            // cluster-service
            action("DescribeServiceMeshClusters", CLUSTER, "GET", "/clusters",
                    List.of(string("ServiceMeshId"), integer("Limit"), integer("Offset"))),
            action("DescribeClustersInServiceMesh", CLUSTER, "GET", "/meshes/{ServiceMeshId}/clusters",
                    List.of(required("ServiceMeshId"))),
            action("AddClusterIntoServiceMesh", CLUSTER, "POST", "/meshes/{ServiceMeshId}/clusters",
                    List.of(required("ServiceMeshId"), required("ClusterId"), bool("DiscoveryOnly"),
                            bool("IgnoreNamespaceCheck"), string("Kubeconfig"))),
            action("RemoveClusterFromServiceMesh", CLUSTER, "DELETE", "/meshes/{ServiceMeshId}/clusters/{ClusterId}",
                    List.of(required("ServiceMeshId"), required("ClusterId"), bool("ReserveNamespace"))),
            action("DescribeCens", CLUSTER, "GET", "/cens", List.of(string("ServiceMeshId"))),
            // observability-service
            action("DescribeClusterGrafana", OBSERVABILITY, "GET", "/grafana",
                    List.of(required("ServiceMeshId"), required("K8sClusterId"), string("ReAddPrometheusIntegration"))),
            action("DescribeClusterPrometheus", OBSERVABILITY, "GET", "/prometheus",
                    List.of(string("ServiceMeshId"), string("K8sClusterId"), string("K8sClusterRegionId"))),
            action("DescribeGuestClusterAccessLogDashboards", OBSERVABILITY, "GET",
                    "/clusters/{K8sClusterId}/access-log-dashboards", List.of(required("K8sClusterId"))),
            // vm-service
            action("AddVmAppToMesh", VM, "POST", "/meshes/{ServiceMeshId}/vm-apps",
                    List.of(required("ServiceMeshId"), required("Namespace"), required("ServiceName"), required("Ips"),
                            required("Ports"), required("Labels"), string("Annotations"), string("ServiceAccount"),
                            bool("Force"), bool("UseWorkload"))),
            action("RemoveVmAppFromMesh", VM, "DELETE", "/meshes/{ServiceMeshId}/vm-apps/{ServiceName}",
                    List.of(required("ServiceMeshId"), required("Namespace"), required("ServiceName"))),
            action("GetVmMeta", VM, "GET", "/meshes/{ServiceMeshId}/vm-meta",
                    List.of(required("ServiceMeshId"), string("Namespace"), string("ServiceAccount"), string("TrustDomain"))),
            action("GetVmAppMeshInfo", VM, "GET", "/meshes/{ServiceMeshId}/vm-apps", List.of(required("ServiceMeshId"))),
            // Extension actions (not in the Alibaba API): account administration, for admin keys only.
            action("CreateAccount", GATEWAY, "POST", "/accounts", List.of(required("AccountName"), bool("Admin"))),
            action("DescribeAccounts", GATEWAY, "GET", "/accounts", List.of()),
            action("CreateAccessKey", GATEWAY, "POST", "/access-keys", List.of(required("AccountId"))),
            action("DescribeAccessKeys", GATEWAY, "GET", "/access-keys", List.of(string("AccountId"))),
            action("UpdateAccessKey", GATEWAY, "PATCH", "/access-keys/{UserAccessKeyId}",
                    List.of(required("UserAccessKeyId"), required("Status"))))
            .collect(Collectors.toUnmodifiableMap(ActionSpec::name, Function.identity()));

    private ActionCatalogue() {
    }

    public static Optional<ActionSpec> find(String action) {
        return Optional.ofNullable(action == null ? null : ACTIONS.get(action));
    }

    private static ActionSpec action(String name, ActionSpec.OwningService service, String method, String path,
                                     List<ParamSpec> params) {
        return new ActionSpec(name, service, method, path, params);
    }

    @SafeVarargs
    private static List<ParamSpec> concat(List<ParamSpec>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
