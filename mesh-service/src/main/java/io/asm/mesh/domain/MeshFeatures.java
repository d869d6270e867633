package io.asm.mesh.domain;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.IstioNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mesh's features, keyed by their API parameter names (CreateServiceMesh / UpdateMeshFeature), with defaults.
 * Updates are partial: a parameter not given keeps its value (CONTRACT.md §9.3).
 */
public final class MeshFeatures {

    private static final Pattern QUANTITY = Pattern.compile("^([0-9]+(\\.[0-9]+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$");
    private static final Set<String> QUANTITIES = Set.of(
            "OPARequestCPU",
            "OPARequestMemory",
            "OPALimitCPU",
            "OPALimitMemory",
            "ProxyRequestCPU",
            "ProxyRequestMemory",
            "ProxyLimitCPU",
            "ProxyLimitMemory",
            "SidecarInjectorRequestCPU",
            "SidecarInjectorRequestMemory",
            "SidecarInjectorLimitCPU",
            "SidecarInjectorLimitMemory");

    static Map<String, Object> defaults(String meshId) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Tracing", false);
        d.put("TraceSampling", 1.0);
        d.put("LocalityLoadBalancing", false);
        d.put("Telemetry", true);
        d.put("EnableAudit", false);
        d.put("AuditProject", "mesh-log-" + meshId);
        d.put("OpenAgentPolicy", false);
        d.put("OPALogLevel", "info");
        d.put("OPARequestCPU", "");
        d.put("OPARequestMemory", "");
        d.put("OPALimitCPU", "");
        d.put("OPALimitMemory", "");
        d.put("CustomizedZipkin", false);
        d.put("OutboundTrafficPolicy", "ALLOW_ANY");
        d.put("IncludeIPRanges", "*");
        d.put("ExcludeIPRanges", "");
        d.put("ExcludeInboundPorts", "");
        d.put("ExcludeOutboundPorts", "");
        d.put("ClusterDomain", IstioNames.CLUSTER_LOCAL);
        d.put("ProxyRequestCPU", "100m");
        d.put("ProxyRequestMemory", "128Mi");
        d.put("ProxyLimitCPU", "2000m");
        d.put("ProxyLimitMemory", "1024Mi");
        d.put("DNSProxyingEnabled", false);
        d.put("AccessLogEnabled", false);
        d.put("KialiEnabled", false);
        d.put("CustomizedPrometheus", false);
        d.put("PrometheusUrl", "");
        d.put("MSEEnabled", false);
        d.put("RedisFilterEnabled", false);
        d.put("MysqlFilterEnabled", false);
        d.put("ThriftFilterEnabled", false);
        d.put("WebAssemblyFilterEnabled", false);
        d.put("Http10Enabled", false);
        d.put("AutoInjectionPolicyEnabled", false);
        d.put("EnableNamespacesByDefault", false);
        d.put("SidecarInjectorRequestCPU", "");
        d.put("SidecarInjectorRequestMemory", "");
        d.put("SidecarInjectorLimitCPU", "");
        d.put("SidecarInjectorLimitMemory", "");
        d.put("SidecarInjectorWebhookAsYaml", "");
        d.put("CniEnabled", false);
        d.put("CniExcludeNamespaces", "");
        // --- Terraform add-ons (MeshAddOns): set by their own actions, not by UpdateMeshFeature's parameters ---
        d.put("CRAggregationEnabled", false);
        d.put("ControlPlaneLogEnabled", false);
        d.put("ControlPlaneLogProject", "");
        d.put("ControlPlaneLogTTL", 7);
        d.put("PilotPublicEipId", "");
        d.put(KialiSettings.FEATURE, KialiSettings.DEFAULTS.toFeature());
        d.put(ExtensionProviders.FEATURE, java.util.List.of());
        // --- end Terraform add-ons ---
        terraformDefaults(d, meshId);
        return d;
    }

    // --- Terraform, part 1 (tfcore): what the alicloud provider sends on create and reads back ---
    private static void terraformDefaults(Map<String, Object> d, String meshId) {
        d.put("Edition", "Default"); // Default or Pro (the version catalogue's editions); fixed at creation
        d.put("ClusterSpec", "standard");
        d.put("AccessLogProject", "mesh-log-" + meshId);
        d.put("AccessLogGatewayEnabled", true);
        d.put("AccessLogGatewayLifecycle", 7L);
        d.put("AccessLogSidecarEnabled", true);
        d.put("AccessLogSidecarLifecycle", 7L);
    }
    // --- end tfcore ---

    private MeshFeatures() {}

    /** The features of a new mesh: defaults overlaid with what the caller sent. */
    public static Map<String, Object> initial(String meshId, Map<String, Object> requested) {
        return apply(defaults(meshId), requested);
    }

    /** Overlays the known features present in {@code changes} on {@code current}, after validating them. */
    public static Map<String, Object> apply(Map<String, Object> current, Map<String, Object> changes) {
        Map<String, Object> next = new LinkedHashMap<>(current);
        Map<String, Object> given = new LinkedHashMap<>(changes);
        if (given.containsKey("OpaEnabled") && !given.containsKey("OpenAgentPolicy")) {
            given.put("OpenAgentPolicy", given.get("OpaEnabled")); // core SDK 1.1.0's name for the same switch
        }
        for (var e : given.entrySet()) {
            if (next.containsKey(e.getKey()) && e.getValue() != null) {
                validate(e.getKey(), e.getValue());
                next.put(e.getKey(), e.getValue());
            }
        }
        return next;
    }

    private static void validate(String name, Object value) {
        switch (name) {
            case "OutboundTrafficPolicy" -> {
                if (!value.equals("ALLOW_ANY") && !value.equals("REGISTRY_ONLY")) {
                    throw invalid(name, "It must be ALLOW_ANY or REGISTRY_ONLY.");
                }
            }
            case "TraceSampling" -> {
                double v = ((Number) value).doubleValue();
                if (v < 0 || v > 100) {
                    throw invalid(name, "It must be between 0 and 100.");
                }
            }
            case "OPALogLevel" -> {
                if (!Set.of("debug", "info", "error").contains(value)) {
                    throw invalid(name, "It must be debug, info or error.");
                }
            }
            default -> {
                if (QUANTITIES.contains(name)
                        && !((String) value).isEmpty()
                        && !QUANTITY.matcher((String) value).matches()) {
                    throw invalid(name, "It must be a Kubernetes resource quantity such as 500m or 256Mi.");
                }
            }
        }
    }

    private static AsmException invalid(String name, String why) {
        return new AsmException(AsmError.INVALID_PARAMETER, name, why);
    }
}
