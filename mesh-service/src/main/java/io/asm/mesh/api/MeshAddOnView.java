package io.asm.mesh.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.mesh.domain.KialiSettings;
import io.asm.mesh.domain.Mesh;
import java.util.Map;

/**
 * The parts of DescribeServiceMeshDetail that show the Terraform add-ons (MeshAddOns), at the paths Terraform reads:
 * {@code Spec.MeshConfig.Kiali}, {@code .ExtraConfiguration.CRAggregationConfiguration}, {@code .ControlPlaneLogInfo}
 * and {@code Spec.LoadBalancer.PilotPublicEip*}.
 */
final class MeshAddOnView {

    private MeshAddOnView() {}

    static void addTo(ObjectNode serviceMesh, Mesh mesh, Map<String, Object> f) {
        ObjectNode spec = child(serviceMesh, "Spec");
        ObjectNode lb = child(spec, "LoadBalancer");
        lb.put("PilotPublicEip", mesh.pilotPublicEip);
        lb.put("PilotPublicEipId", String.valueOf(f.get("PilotPublicEipId")));
        ObjectNode c = child(spec, "MeshConfig");
        boolean kiali = Boolean.TRUE.equals(f.get("KialiEnabled"));
        c.putObject("Kiali")
                .put("Enabled", kiali)
                .put("Url", kiali ? KialiSettings.of(f).server().url() : "");
        child(c, "ExtraConfiguration")
                .putObject("CRAggregationConfiguration")
                .put("Enabled", Boolean.TRUE.equals(f.get("CRAggregationEnabled")));
        c.putObject("ControlPlaneLogInfo")
                .put("Enabled", Boolean.TRUE.equals(f.get("ControlPlaneLogEnabled")))
                .put("Project", String.valueOf(f.get("ControlPlaneLogProject")))
                .put("LogTTL", ((Number) f.get("ControlPlaneLogTTL")).intValue());
    }

    /** The object at {@code name}, made if absent: other parts of the view may have started it. */
    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }
}
