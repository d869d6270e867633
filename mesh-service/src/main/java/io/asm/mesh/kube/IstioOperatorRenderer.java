package io.asm.mesh.kube;

import io.asm.common.kube.IstioNames;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.MeshVersions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mesh's features as the IstioOperator of DOMAIN.md §4.3 (exact key paths of §4.2), and its MeshConfig. */
public final class IstioOperatorRenderer {

    private IstioOperatorRenderer() {}

    public static Map<String, Object> meshConfig(Mesh mesh, Map<String, Object> f, String pilotAddress) {
        Map<String, Object> tracing = new LinkedHashMap<>();
        tracing.put("sampling", f.get("TraceSampling"));
        tracing.put("zipkin", Map.of("address", "zipkin.istio-system:9411"));
        Map<String, Object> defaultConfig = new LinkedHashMap<>();
        defaultConfig.put("discoveryAddress", pilotAddress);
        defaultConfig.put("tracing", tracing);
        if (Boolean.TRUE.equals(f.get("DNSProxyingEnabled"))) {
            defaultConfig.put("proxyMetadata", Map.of("ISTIO_META_DNS_CAPTURE", "true"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trustDomain", IstioNames.CLUSTER_LOCAL);
        m.put("rootNamespace", IstioNames.NAMESPACE);
        m.put("enableTracing", f.get("Tracing"));
        m.put("outboundTrafficPolicy", Map.of("mode", f.get("OutboundTrafficPolicy")));
        m.put("localityLbSetting", Map.of("enabled", f.get("LocalityLoadBalancing")));
        m.put("enablePrometheusMerge", f.get("Telemetry"));
        m.put("accessLogFile", Boolean.TRUE.equals(f.get("AccessLogEnabled")) ? "/dev/stdout" : "");
        m.put("defaultConfig", defaultConfig);
        AddOnConfig.addToMeshConfig(m, f);
        return m;
    }

    public static Map<String, Object> istioOperator(
            Mesh mesh, MeshVersions.Version version, Map<String, Object> f, String pilotAddress) {
        boolean telemetry = Boolean.TRUE.equals(f.get("Telemetry"));
        Map<String, Object> proxy = new LinkedHashMap<>();
        proxy.put("clusterDomain", f.get("ClusterDomain"));
        proxy.put("includeIPRanges", f.get("IncludeIPRanges"));
        proxy.put("excludeIPRanges", f.get("ExcludeIPRanges"));
        proxy.put("tracer", Boolean.TRUE.equals(f.get("Tracing")) ? "zipkin" : "none");
        proxy.put(
                "resources",
                Map.of(
                        "requests", Map.of("cpu", f.get("ProxyRequestCPU"), "memory", f.get("ProxyRequestMemory")),
                        "limits", Map.of("cpu", f.get("ProxyLimitCPU"), "memory", f.get("ProxyLimitMemory"))));
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("istioNamespace", IstioNames.NAMESPACE);
        global.put("meshID", mesh.id);
        global.put("multiCluster", Map.of("clusterName", mesh.id));
        global.put("caAddress", pilotAddress);
        global.put("proxy", proxy);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("global", global);
        values.put("pilot", Map.of("traceSampling", f.get("TraceSampling")));
        values.put(
                "telemetry",
                Map.of(
                        "enabled",
                        telemetry,
                        "v2",
                        Map.of("enabled", telemetry, "prometheus", Map.of("enabled", telemetry))));
        Map<String, Object> pilot = Map.of(
                "enabled",
                true,
                "k8s",
                Map.of(
                        "env",
                        List.of(
                                Map.of("name", "EXTERNAL_ISTIOD", "value", "true"),
                                Map.of("name", "CLUSTER_ID", "value", mesh.id),
                                Map.of("name", "SHARED_MESH_CONFIG", "value", "istio"),
                                Map.of("name", "INJECTION_WEBHOOK_CONFIG_NAME", "value", ""),
                                Map.of("name", "VALIDATION_WEBHOOK_CONFIG_NAME", "value", ""))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("profile", "empty");
        spec.put("tag", version.istio());
        spec.put("meshConfig", meshConfig(mesh, f, pilotAddress));
        spec.put("components", Map.of("base", Map.of("enabled", true), "pilot", pilot));
        spec.put("values", values);
        Map<String, Object> iop = new LinkedHashMap<>();
        iop.put("apiVersion", "install.istio.io/v1alpha1");
        iop.put("kind", "IstioOperator");
        iop.put(
                "metadata",
                Map.of(
                        "name",
                        "asm-" + mesh.id,
                        "namespace",
                        IstioNames.NAMESPACE,
                        "annotations",
                        AddOnConfig.operatorAnnotations(f)));
        iop.put("spec", spec);
        return iop;
    }
}
