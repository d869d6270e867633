package io.asm.observability.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.observability.config.ObservabilityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every dashboard this service ships, their JSON models (template or a mesh's copy) and the links users open. */
@ApplicationScoped
public class DashboardCatalogue {

    /** Mesh ids as mesh-service makes them: the copy's uid stays within Grafana's 40 characters. */
    private static final Pattern MESH_ID = Pattern.compile("c[0-9a-f]{32}");

    private final List<DashboardSpec> grafana = IstioDashboards.all();
    private final DashboardSpec accessLog = AccessLogDashboard.spec();
    private final String grafanaBase;

    DashboardCatalogue(ObservabilityConfig config) {
        this.grafanaBase = config.grafanaUrl().replaceAll("/+$", "");
    }

    /** The Istio dashboards of DescribeClusterGrafana. */
    public List<DashboardSpec> grafana() {
        return grafana;
    }

    public DashboardSpec accessLog() {
        return accessLog;
    }

    /** Everything pushed into a mesh's folder. */
    public List<DashboardSpec> all() {
        return Stream.concat(grafana.stream(), Stream.of(accessLog)).toList();
    }

    /** The template named {@code name} (its uid prefix), or its copy for {@code meshId} (uid and mesh preset). */
    public Optional<ObjectNode> model(String name, String meshId) {
        if (meshId != null && !MESH_ID.matcher(meshId).matches()) {
            return Optional.empty();
        }
        return all().stream()
                .filter(s -> s.uidPrefix().equals(name))
                .findFirst()
                .map(spec -> GrafanaModel.render(spec, meshId));
    }

    public ObjectNode model(DashboardSpec spec, String meshId) {
        return GrafanaModel.render(spec, meshId);
    }

    /** {@code <grafanaBase>/d/<uid>/<slug>?var-cluster=<K8sClusterId>&var-mesh=<ServiceMeshId>}. */
    public DashboardLink link(DashboardSpec spec, String meshId, String clusterId) {
        return new DashboardLink(
                spec.title(),
                grafanaBase + "/d/" + spec.uid(meshId) + "/" + spec.slug() + "?var-cluster=" + encode(clusterId)
                        + "&var-mesh=" + encode(meshId));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
