package io.asm.mesh.kube;

import io.asm.mesh.domain.ExtensionProviders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Terraform add-ons (MeshAddOns) in the mesh's configuration: extension providers in the MeshConfig; CR
 * aggregation and the control-plane log as annotations of the IstioOperator, where the components that act on them
 * (the data-plane aggregation API, the log pipeline) read them.
 */
final class AddOnConfig {

    static final String CR_AGGREGATION = "asm.alibabacloud.com/cr-aggregation";
    static final String LOG_PROJECT = "asm.alibabacloud.com/control-plane-log-project";
    static final String LOG_TTL = "asm.alibabacloud.com/control-plane-log-ttl-days";

    private AddOnConfig() {}

    static void addToMeshConfig(Map<String, Object> meshConfig, Map<String, Object> f) {
        List<Map<String, Object>> providers = ExtensionProviders.meshConfig(f);
        if (!providers.isEmpty()) {
            meshConfig.put("extensionProviders", providers);
        }
    }

    static Map<String, String> operatorAnnotations(Map<String, Object> f) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(CR_AGGREGATION, String.valueOf(Boolean.TRUE.equals(f.get("CRAggregationEnabled"))));
        if (Boolean.TRUE.equals(f.get("ControlPlaneLogEnabled"))) {
            a.put(LOG_PROJECT, String.valueOf(f.get("ControlPlaneLogProject")));
            a.put(LOG_TTL, String.valueOf(f.get("ControlPlaneLogTTL")));
        }
        return a;
    }
}
