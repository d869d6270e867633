package io.asm.mesh.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.api.WireTime;
import io.asm.mesh.domain.Mesh;
import java.util.List;
import java.util.Map;

/**
 * {@code ServiceMesh} exactly as the SDK models read it (CONTRACT.md §9.2, Appendix A): arrays are arrays,
 * booleans booleans, TraceSampling a number, times ISO-8601 with offset.
 */
final class MeshDetailView {

    /** The tree's outline, for /q/openapi. */
    static final String SHAPE = "{Clusters: [string], Endpoints: {Intranet|Public}{ApiServer|Pilot}Endpoint,"
            + " ServiceMeshInfo: {CreationTime, ErrorMessage, Name, RegionId, ServiceMeshId, State, UpdateTime, Version,"
            + " Profile, …}, Spec: {LoadBalancer, MeshConfig, Network}, ClusterSpec} as CONTRACT.md §9.2 and Appendix A"
            + " give it, with what Terraform's alicloud provider reads (ControlPlaneLogInfo, ExtraConfiguration, …)";

    private MeshDetailView() {}

    static ObjectNode of(ObjectMapper json, Mesh mesh, Map<String, Object> f, List<String> clusters) {
        ObjectNode m = json.createObjectNode();
        m.set("Clusters", json.valueToTree(clusters));
        ObjectNode endpoints = m.putObject("Endpoints");
        endpoints.put("IntranetApiServerEndpoint", mesh.apiServerEndpoint);
        endpoints.put("IntranetPilotEndpoint", mesh.pilotEndpoint);
        endpoints.put("PublicApiServerEndpoint", mesh.apiServerPublicEip ? mesh.apiServerEndpoint : "");
        endpoints.put("PublicPilotEndpoint", mesh.pilotPublicEip ? mesh.pilotEndpoint : "");

        ObjectNode info = m.putObject("ServiceMeshInfo");
        info.put("CreationTime", WireTime.format(mesh.createdAt));
        info.put("ErrorMessage", mesh.errorMessage);
        info.put("Name", mesh.name);
        info.put("RegionId", mesh.regionId);
        info.put("ServiceMeshId", mesh.id);
        info.put("State", mesh.state);
        info.put("UpdateTime", WireTime.format(mesh.updatedAt));
        info.put("Version", mesh.version);
        info.put("Profile", str(f, "Edition"));

        ObjectNode spec = m.putObject("Spec");
        ObjectNode lb = spec.putObject("LoadBalancer");
        lb.put("ApiServerLoadbalancerId", mesh.controlPlaneRef == null ? "" : "lb-apiserver-" + mesh.id);
        lb.put("ApiServerPublicEip", mesh.apiServerPublicEip);
        lb.put("PilotPublicEip", mesh.pilotPublicEip);
        lb.put("PilotPublicLoadbalancerId", mesh.pilotPublicEip ? "lb-pilot-" + mesh.id : "");

        ObjectNode c = spec.putObject("MeshConfig");
        c.put("EnableLocalityLB", bool(f, "LocalityLoadBalancing"));
        c.put("Telemetry", bool(f, "Telemetry"));
        c.put("Tracing", bool(f, "Tracing"));
        c.put("CustomizedZipkin", bool(f, "CustomizedZipkin"));
        c.put("OutboundTrafficPolicy", str(f, "OutboundTrafficPolicy"));
        c.put("IncludeIPRanges", str(f, "IncludeIPRanges"));
        c.put("Edition", str(f, "Edition"));
        ObjectNode pilot = c.putObject("Pilot");
        pilot.put("TraceSampling", ((Number) f.get("TraceSampling")).doubleValue());
        pilot.put("Http10Enabled", bool(f, "Http10Enabled"));
        ObjectNode opa = c.putObject("OPA");
        opa.put("Enabled", bool(f, "OpenAgentPolicy"));
        opa.put("LogLevel", str(f, "OPALogLevel"));
        resources(opa, f, "OPA");
        ObjectNode audit = c.putObject("Audit");
        audit.put("Enabled", bool(f, "EnableAudit"));
        audit.put("Project", str(f, "AuditProject"));
        ObjectNode proxy = c.putObject("Proxy");
        proxy.put("ClusterDomain", str(f, "ClusterDomain"));
        resources(proxy, f, "Proxy");
        proxy.put("EnableDNSProxying", bool(f, "DNSProxyingEnabled"));
        ObjectNode injector = c.putObject("SidecarInjector");
        injector.put("EnableNamespacesByDefault", bool(f, "EnableNamespacesByDefault"));
        injector.put("AutoInjectionPolicyEnabled", bool(f, "AutoInjectionPolicyEnabled"));
        resources(injector, f, "SidecarInjector");
        injector.put("SidecarInjectorWebhookAsYaml", str(f, "SidecarInjectorWebhookAsYaml"));
        ObjectNode cni = injector.putObject("InitCNIConfiguration");
        cni.put("Enabled", bool(f, "CniEnabled"));
        cni.put("ExcludeNamespaces", str(f, "CniExcludeNamespaces"));
        c.putObject("Prometheus")
                .put("UseExternal", bool(f, "CustomizedPrometheus"))
                .put("ExternalUrl", str(f, "PrometheusUrl"));
        c.putObject("AccessLog").put("Enabled", bool(f, "AccessLogEnabled"));
        c.putObject("WebAssemblyFilterDeployment").put("Enabled", bool(f, "WebAssemblyFilterEnabled"));
        ObjectNode protocols = c.putObject("ProtocolSupport");
        protocols.put("RedisFilterEnabled", bool(f, "RedisFilterEnabled"));
        protocols.put("MysqlFilterEnabled", bool(f, "MysqlFilterEnabled"));
        protocols.put("ThriftFilterEnabled", bool(f, "ThriftFilterEnabled"));
        c.putObject("MSE").put("Enabled", bool(f, "MSEEnabled"));

        ObjectNode network = spec.putObject("Network");
        network.put("SecurityGroupId", "");
        network.put("VpcId", mesh.vpcId);
        network.set("VSwitches", readTree(json, mesh.vswitches));
        MeshAddOnView.addTo(m, mesh, f); // Terraform add-ons: Kiali, CR aggregation, control-plane log, pilot EIP
        terraformFields(m, f);
        return m;
    }

    // --- Terraform, part 1 (tfcore): what the alicloud provider reads besides the SDK's fields and the add-ons ---
    private static void terraformFields(ObjectNode m, Map<String, Object> f) {
        m.put("ClusterSpec", str(f, "ClusterSpec"));
        ObjectNode c = (ObjectNode) m.get("Spec").get("MeshConfig");
        c.put("Profile", str(f, "Edition"));
        ((ObjectNode) c.get("AccessLog")).put("Project", str(f, "AccessLogProject"));
        ObjectNode extra = c.get("ExtraConfiguration") instanceof ObjectNode e ? e : c.putObject("ExtraConfiguration");
        extra.putObject("AccessLogExtraConf")
                .put("GatewayEnabled", bool(f, "AccessLogGatewayEnabled"))
                .put("GatewayLifecycle", ((Number) f.get("AccessLogGatewayLifecycle")).longValue())
                .put("SidecarEnabled", bool(f, "AccessLogSidecarEnabled"))
                .put("SidecarLifecycle", ((Number) f.get("AccessLogSidecarLifecycle")).longValue());
    }
    // --- end tfcore ---

    /** RequestCPU, RequestMemory, LimitCPU, LimitMemory of one component, stored as features with its prefix. */
    private static void resources(ObjectNode component, Map<String, Object> f, String prefix) {
        for (String key : List.of("RequestCPU", "RequestMemory", "LimitCPU", "LimitMemory")) {
            component.put(key, str(f, prefix + key));
        }
    }

    private static boolean bool(Map<String, Object> f, String key) {
        return Boolean.TRUE.equals(f.get(key));
    }

    private static String str(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? "" : v.toString();
    }

    private static JsonNode readTree(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return json.createArrayNode();
        }
    }
}
