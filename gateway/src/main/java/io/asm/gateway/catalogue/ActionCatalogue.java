package io.asm.gateway.catalogue;

import static io.asm.gateway.catalogue.ActionSpec.OwningService.CLUSTER;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.GATEWAY;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.MESH;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.OBSERVABILITY;
import static io.asm.gateway.catalogue.ActionSpec.OwningService.VM;
import static io.asm.gateway.catalogue.ParamSpec.bool;
import static io.asm.gateway.catalogue.ParamSpec.document;
import static io.asm.gateway.catalogue.ParamSpec.id;
import static io.asm.gateway.catalogue.ParamSpec.integer;
import static io.asm.gateway.catalogue.ParamSpec.list;
import static io.asm.gateway.catalogue.ParamSpec.number;
import static io.asm.gateway.catalogue.ParamSpec.string;
import static io.asm.gateway.catalogue.ParamSpec.tags;
import static io.asm.gateway.catalogue.ValueFormat.ACCESS_KEY_ID;
import static io.asm.gateway.catalogue.ValueFormat.ACCESS_KEY_STATUS;
import static io.asm.gateway.catalogue.ValueFormat.ACCOUNT_ID;
import static io.asm.gateway.catalogue.ValueFormat.ACCOUNT_NAME;
import static io.asm.gateway.catalogue.ValueFormat.CLOUD_ID;
import static io.asm.gateway.catalogue.ValueFormat.DNS_1035_LABEL;
import static io.asm.gateway.catalogue.ValueFormat.DNS_LABEL;
import static io.asm.gateway.catalogue.ValueFormat.DNS_SUBDOMAIN;
import static io.asm.gateway.catalogue.ValueFormat.MESH_ID;
import static io.asm.gateway.catalogue.ValueFormat.NAME;
import static io.asm.gateway.catalogue.ValueFormat.REGION_ID;
import static io.asm.gateway.catalogue.ValueFormat.TAG_KEY;
import static io.asm.gateway.catalogue.ValueFormat.TAG_RESOURCE_TYPE;
import static io.asm.gateway.catalogue.ValueFormat.VSWITCHES;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every action the gateway knows, declared once: owner, internal route, parameters (CONTRACT.md §9.1). Required-ness
 * follows today's API metadata where it is stricter than the seed; parameters that only older clients send are
 * still accepted. Parameters not listed are ignored, as POP ignores them. Every identifier has its format
 * ({@link ValueFormat}) and every number its range: what passes here is safe in a path, a Kubernetes name or a row.
 */
public final class ActionCatalogue {

    public static final String VERSION = "2020-01-11";

    /** Common parameters every action may carry that the gateway itself reads. */
    public static final List<ParamSpec> COMMON = List.of(id("RegionId", REGION_ID));

    /** Mesh features shared by CreateServiceMesh and UpdateMeshFeature (core SDK 1.1.0 and today's metadata). */
    private static final List<ParamSpec> MESH_FEATURES = List.of(
            bool("Tracing"),
            number("TraceSampling", 0, 100),
            bool("LocalityLoadBalancing"),
            bool("Telemetry"),
            bool("EnableAudit"),
            string("AuditProject"),
            bool("OpenAgentPolicy"),
            bool("OpaEnabled"),
            string("OPALogLevel"),
            string("OPARequestCPU", "OPAResourceCPU"),
            string("OPARequestMemory", "OPAResourceMemory"),
            string("OPALimitCPU"),
            string("OPALimitMemory"),
            bool("CustomizedZipkin"),
            string("OutboundTrafficPolicy"),
            string("IncludeIPRanges"),
            string("ExcludeIPRanges"),
            string("ExcludeInboundPorts"),
            string("ExcludeOutboundPorts"),
            string("ProxyRequestCPU"),
            string("ProxyRequestMemory"),
            string("ProxyLimitCPU"),
            string("ProxyLimitMemory"),
            bool("AccessLogEnabled"),
            bool("KialiEnabled"),
            bool("CustomizedPrometheus"),
            string("PrometheusUrl"),
            bool("MSEEnabled"),
            bool("RedisFilterEnabled"),
            bool("MysqlFilterEnabled"),
            bool("ThriftFilterEnabled"),
            bool("WebAssemblyFilterEnabled"),
            bool("DNSProxyingEnabled"),
            // Istio's proxy.clusterDomain and the suffix of service hosts: a DNS name, as RegisterCluster's.
            id("ClusterDomain", DNS_SUBDOMAIN));

    // --- Terraform, part 1 (tfcore): what the alicloud provider sends to CreateServiceMesh beyond the seed ---
    private static final List<ParamSpec> MESH_CREATE_TERRAFORM = List.of(
            id("ClusterSpec", ValueFormat.CLUSTER_SPEC),
            string("AccessLogProject"),
            bool("ControlPlaneLogEnabled"),
            string("ControlPlaneLogProject"),
            bool("CRAggregationEnabled"),
            tags("Tag", "Tags"));
    /** What the provider's Update sends to UpdateMeshFeature beyond the seed (resource_alicloud_service_mesh_service_mesh). */
    private static final List<ParamSpec> MESH_UPDATE_TERRAFORM = List.of(
            id("ClusterSpec", ValueFormat.CLUSTER_SPEC),
            string("AccessLogProject"),
            bool("AccessLogGatewayEnabled"),
            bool("AccessLogSidecarEnabled"),
            integer("AccessLogGatewayLifecycle", 1, 3650),
            integer("AccessLogSidecarLifecycle", 1, 3650));

    private static final ParamSpec TAG_RESOURCE_TYPE_PARAM =
            id("ResourceType", TAG_RESOURCE_TYPE).mandatory();
    private static final ParamSpec TAG_RESOURCE_IDS = list("ResourceId", MESH_ID, 50);
    // --- end tfcore ---

    private static final ParamSpec MESH_ID_PARAM = id("ServiceMeshId", MESH_ID).mandatory();
    private static final ParamSpec CLUSTER_ID_PARAM = id("ClusterId", DNS_LABEL).mandatory();

    private static final Map<String, ActionSpec> ACTIONS = Stream.of(
                    // mesh-service
                    action(
                            "CreateServiceMesh",
                            MESH,
                            "POST",
                            "/meshes",
                            concat(
                                    List.of(
                                            id("RegionId", REGION_ID).mandatory(),
                                            id("VpcId", CLOUD_ID).mandatory(),
                                            id("VSwitches", VSWITCHES).mandatory(),
                                            string("IstioVersion"),
                                            id("Name", NAME),
                                            string("Edition"),
                                            bool("ApiServerPublicEip"),
                                            bool("PilotPublicEip")),
                                    MESH_FEATURES,
                                    MESH_CREATE_TERRAFORM)),
                    action(
                            "DeleteServiceMesh",
                            MESH,
                            "DELETE",
                            "/meshes/{ServiceMeshId}",
                            List.of(MESH_ID_PARAM, bool("Force"), string("RetainResources"))),
                    action("DescribeServiceMeshDetail", MESH, "GET", "/meshes/{ServiceMeshId}", List.of(MESH_ID_PARAM)),
                    action(
                            "DescribeServiceMeshes",
                            MESH,
                            "GET",
                            "/meshes",
                            List.of(integer("PageNumber", 1, 1_000_000), integer("PageSize", 1, 100))),
                    action(
                            "DescribeServiceMeshKubeconfig",
                            MESH,
                            "GET",
                            "/meshes/{ServiceMeshId}/kubeconfig",
                            List.of(MESH_ID_PARAM, bool("PrivateIpAddress"))),
                    action(
                            "UpdateMeshFeature",
                            MESH,
                            "PATCH",
                            "/meshes/{ServiceMeshId}/features",
                            concat(
                                    List.of(MESH_ID_PARAM),
                                    MESH_FEATURES,
                                    List.of(
                                            bool("Http10Enabled"),
                                            bool("AutoInjectionPolicyEnabled"),
                                            bool("EnableNamespacesByDefault"),
                                            string("SidecarInjectorRequestCPU"),
                                            string("SidecarInjectorRequestMemory"),
                                            string("SidecarInjectorLimitCPU"),
                                            string("SidecarInjectorLimitMemory"),
                                            document("SidecarInjectorWebhookAsYaml"),
                                            bool("CniEnabled"),
                                            string("CniExcludeNamespaces")),
                                    MESH_UPDATE_TERRAFORM)),
                    action(
                            "DescribeUpgradeVersion",
                            MESH,
                            "GET",
                            "/meshes/{ServiceMeshId}/upgrade-version",
                            List.of(MESH_ID_PARAM)),
                    action(
                            "UpgradeMeshVersion",
                            MESH,
                            "POST",
                            "/meshes/{ServiceMeshId}/upgrade",
                            List.of(MESH_ID_PARAM, bool("PreCheck"))),
                    // --- Terraform, part 1 (tfcore): tags, name, versions, partial upgrade ---
                    action(
                            "ListTagResources",
                            MESH,
                            "GET",
                            "/tags",
                            List.of(
                                    TAG_RESOURCE_TYPE_PARAM,
                                    TAG_RESOURCE_IDS,
                                    tags("Tag"),
                                    id(
                                            "NextToken",
                                            ValueFormat.of("a token from an earlier answer", 64, "[0-9]{1,9}")))),
                    action(
                            "TagResources",
                            MESH,
                            "POST",
                            "/tags",
                            List.of(
                                    TAG_RESOURCE_TYPE_PARAM,
                                    TAG_RESOURCE_IDS.mandatory(),
                                    tags("Tag").mandatory())),
                    action(
                            "UntagResources",
                            MESH,
                            "DELETE",
                            "/tags",
                            List.of(
                                    TAG_RESOURCE_TYPE_PARAM,
                                    TAG_RESOURCE_IDS.mandatory(),
                                    list("TagKey", TAG_KEY, ValueFormat.MAX_TAGS),
                                    bool("All"))),
                    action(
                            "ModifyServiceMeshName",
                            MESH,
                            "PUT",
                            "/meshes/{ServiceMeshId}/name",
                            List.of(MESH_ID_PARAM, id("Name", NAME).mandatory())),
                    action("DescribeVersions", MESH, "GET", "/versions", List.of()),
                    action(
                            "DescribeASMSidecarExpectedVersion",
                            MESH,
                            "GET",
                            "/meshes/{ServiceMeshId}/versions/sidecar-expected",
                            List.of(MESH_ID_PARAM)),
                    action(
                            "UpgradeMeshEditionPartially",
                            MESH,
                            "POST",
                            "/meshes/{ServiceMeshId}/versions/upgrade",
                            List.of(
                                    MESH_ID_PARAM,
                                    string("ExpectedVersion"),
                                    bool("PreCheck"),
                                    bool("ASMGatewayContinue"),
                                    document("UpgradeGatewayRecords"))),
                    // --- end tfcore ---
                    // cluster-service
                    action(
                            "DescribeServiceMeshClusters",
                            CLUSTER,
                            "GET",
                            "/clusters",
                            List.of(
                                    id("ServiceMeshId", MESH_ID),
                                    integer("Limit", 1, 1000),
                                    integer("Offset", 0, 1_000_000))),
                    action(
                            "DescribeClustersInServiceMesh",
                            CLUSTER,
                            "GET",
                            "/meshes/{ServiceMeshId}/clusters",
                            List.of(MESH_ID_PARAM)),
                    action(
                            "AddClusterIntoServiceMesh",
                            CLUSTER,
                            "POST",
                            "/meshes/{ServiceMeshId}/clusters",
                            List.of(
                                    MESH_ID_PARAM,
                                    CLUSTER_ID_PARAM,
                                    bool("DiscoveryOnly"),
                                    bool("IgnoreNamespaceCheck"),
                                    document("Kubeconfig"))),
                    action(
                            "RemoveClusterFromServiceMesh",
                            CLUSTER,
                            "DELETE",
                            "/meshes/{ServiceMeshId}/clusters/{ClusterId}",
                            List.of(MESH_ID_PARAM, CLUSTER_ID_PARAM, bool("ReserveNamespace"))),
                    action("DescribeCens", CLUSTER, "GET", "/cens", List.of(id("ServiceMeshId", MESH_ID))),
                    // observability-service
                    action(
                            "DescribeClusterGrafana",
                            OBSERVABILITY,
                            "GET",
                            "/grafana",
                            List.of(
                                    MESH_ID_PARAM,
                                    id("K8sClusterId", DNS_LABEL).mandatory(),
                                    string("ReAddPrometheusIntegration"))),
                    action(
                            "DescribeClusterPrometheus",
                            OBSERVABILITY,
                            "GET",
                            "/prometheus",
                            List.of(
                                    id("ServiceMeshId", MESH_ID),
                                    id("K8sClusterId", DNS_LABEL),
                                    id("K8sClusterRegionId", REGION_ID))),
                    action(
                            "DescribeGuestClusterAccessLogDashboards",
                            OBSERVABILITY,
                            "GET",
                            "/clusters/{K8sClusterId}/access-log-dashboards",
                            List.of(id("K8sClusterId", DNS_LABEL).mandatory())),
                    // vm-service
                    action(
                            "AddVmAppToMesh",
                            VM,
                            "POST",
                            "/meshes/{ServiceMeshId}/vm-apps",
                            List.of(
                                    MESH_ID_PARAM,
                                    id("Namespace", DNS_LABEL).mandatory(),
                                    id("ServiceName", DNS_1035_LABEL).mandatory(),
                                    string("Ips").mandatory(),
                                    string("Ports").mandatory(),
                                    string("Labels").mandatory(),
                                    string("Annotations"),
                                    id("ServiceAccount", DNS_SUBDOMAIN),
                                    bool("Force"),
                                    bool("UseWorkload"))),
                    action(
                            "RemoveVmAppFromMesh",
                            VM,
                            "DELETE",
                            "/meshes/{ServiceMeshId}/vm-apps/{ServiceName}",
                            List.of(
                                    MESH_ID_PARAM,
                                    id("Namespace", DNS_LABEL).mandatory(),
                                    id("ServiceName", DNS_1035_LABEL).mandatory())),
                    action(
                            "GetVmMeta",
                            VM,
                            "GET",
                            "/meshes/{ServiceMeshId}/vm-meta",
                            List.of(
                                    MESH_ID_PARAM,
                                    id("Namespace", DNS_LABEL),
                                    id("ServiceAccount", DNS_SUBDOMAIN),
                                    id("TrustDomain", DNS_SUBDOMAIN))),
                    action("GetVmAppMeshInfo", VM, "GET", "/meshes/{ServiceMeshId}/vm-apps", List.of(MESH_ID_PARAM)),
                    // Extension actions (not in the Alibaba API): the cluster registry, the self-hosted stand-in for
                    // the
                    // cloud's cluster list; AccountId (registering for another account) is for admin keys only
                    // (ActingAccount).
                    action(
                            "RegisterCluster",
                            CLUSTER,
                            "POST",
                            "/clusters",
                            List.of(
                                    CLUSTER_ID_PARAM,
                                    id("Name", NAME),
                                    id("VpcId", CLOUD_ID),
                                    id("ClusterDomain", DNS_SUBDOMAIN),
                                    document("Kubeconfig").mandatory(),
                                    id("AccountId", ACCOUNT_ID))),
                    action("DeregisterCluster", CLUSTER, "DELETE", "/clusters/{ClusterId}", List.of(CLUSTER_ID_PARAM)),
                    // Extension actions (not in the Alibaba API): account administration, for admin keys only.
                    action(
                            "CreateAccount",
                            GATEWAY,
                            "POST",
                            "/accounts",
                            List.of(id("AccountName", ACCOUNT_NAME).mandatory(), bool("Admin"))),
                    action("DescribeAccounts", GATEWAY, "GET", "/accounts", List.of()),
                    action(
                            "CreateAccessKey",
                            GATEWAY,
                            "POST",
                            "/access-keys",
                            List.of(id("AccountId", ACCOUNT_ID).mandatory())),
                    action("DescribeAccessKeys", GATEWAY, "GET", "/access-keys", List.of(id("AccountId", ACCOUNT_ID))),
                    action(
                            "UpdateAccessKey",
                            GATEWAY,
                            "PATCH",
                            "/access-keys/{UserAccessKeyId}",
                            List.of(
                                    id("UserAccessKeyId", ACCESS_KEY_ID).mandatory(),
                                    id("Status", ACCESS_KEY_STATUS).mandatory())))
            .collect(Collectors.toUnmodifiableMap(ActionSpec::name, Function.identity()));

    /** With the Terraform add-ons (Kiali, CR aggregation, control-plane log, pilot EIP, permissions, providers). */
    private static final Map<String, ActionSpec> ALL = Stream.concat(
                    ACTIONS.values().stream(), MeshAddOnActions.all().stream())
            .collect(Collectors.toUnmodifiableMap(ActionSpec::name, Function.identity()));

    private ActionCatalogue() {}

    public static Optional<ActionSpec> find(String action) {
        return Optional.ofNullable(action == null ? null : ALL.get(action));
    }

    public static Collection<ActionSpec> all() {
        return ALL.values();
    }

    private static ActionSpec action(
            String name, ActionSpec.OwningService service, String method, String path, List<ParamSpec> params) {
        return new ActionSpec(name, service, method, path, params);
    }

    @SafeVarargs
    private static List<ParamSpec> concat(List<ParamSpec>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
