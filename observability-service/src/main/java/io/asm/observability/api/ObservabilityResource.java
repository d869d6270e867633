package io.asm.observability.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.observability.dashboard.DashboardCatalogue;
import io.asm.observability.dashboard.DashboardLink;
import io.asm.observability.membership.Memberships;
import io.asm.observability.prometheus.PrometheusLocator;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** observability-service's three actions (CONTRACT.md §9), scoped to the caller's meshes and their member clusters. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ObservabilityResource {

    public record GrafanaDashboards(
            @JsonProperty("Dashboards") List<DashboardLink> dashboards) {}

    public record PrometheusAddress(
            @JsonProperty("Prometheus") String prometheus) {}

    public record AccessLogDashboards(
            @JsonProperty("K8sClusterId") String clusterId,
            @JsonProperty("Dashboards") List<DashboardLink> dashboards) {}

    @Inject
    Memberships memberships;

    @Inject
    DashboardCatalogue dashboards;

    @Inject
    PrometheusLocator prometheus;

    @Inject
    RequestContext context;

    /** DescribeClusterGrafana: one link per Istio dashboard, preset to the cluster and mesh. */
    @GET
    @Path("grafana")
    public GrafanaDashboards grafana(
            @QueryParam("ServiceMeshId") String meshId, @QueryParam("K8sClusterId") String clusterId) {
        memberships.requireMember(
                context.requireAccountId(), required("ServiceMeshId", meshId), required("K8sClusterId", clusterId));
        return new GrafanaDashboards(dashboards.grafana().stream()
                .map(d -> dashboards.link(d, meshId, clusterId))
                .toList());
    }

    /** DescribeClusterPrometheus; without ServiceMeshId, the mesh the cluster is in. */
    @GET
    @Path("prometheus")
    public PrometheusAddress prometheus(
            @QueryParam("ServiceMeshId") String meshId, @QueryParam("K8sClusterId") String clusterId) {
        String account = context.requireAccountId();
        required("K8sClusterId", clusterId);
        String mesh = meshId == null || meshId.isBlank() ? memberships.requireMeshOf(account, clusterId) : meshId;
        memberships.requireMember(account, mesh, clusterId);
        return new PrometheusAddress(prometheus.address(mesh, clusterId));
    }

    /** DescribeGuestClusterAccessLogDashboards: the access-log dashboard of the cluster, in its mesh's folder. */
    @GET
    @Path("clusters/{K8sClusterId}/access-log-dashboards")
    public AccessLogDashboards accessLog(@PathParam("K8sClusterId") String clusterId) {
        String meshId = memberships.requireMeshOf(context.requireAccountId(), clusterId);
        return new AccessLogDashboards(clusterId, List.of(dashboards.link(dashboards.accessLog(), meshId, clusterId)));
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, name);
        }
        return value;
    }
}
