package io.asm.observability.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.observability.dashboard.DashboardCatalogue;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * The dashboards as Grafana JSON models, for anyone to import ({@code asm.internal.public-paths} opens these paths:
 * they hold no account's data). {@code /dashboards/<name>?ServiceMeshId=<id>} is a mesh's copy, whose uid
 * ({@code <uid>-<ServiceMeshId>}) is the one DescribeClusterGrafana's URLs name.
 */
@Path("/dashboards")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    /** A dashboard by its short name (the path under {@code /dashboards}), with the uid of its template. */
    public record DashboardEntry(
            @JsonProperty("name") String name,
            @JsonProperty("uid") String uid,
            @JsonProperty("title") String title,
            @JsonProperty("url") String url) {}

    /** The answer's schema in /q/openapi: the main fields of a Grafana JSON model, which has more (time, templating). */
    @Schema(name = "GrafanaDashboard")
    public record GrafanaDashboard(
            String uid, String title, List<String> tags, int schemaVersion, List<Map<String, Object>> panels) {}

    @Inject
    DashboardCatalogue dashboards;

    @GET
    public List<DashboardEntry> list() {
        return dashboards.all().stream()
                .map(d -> new DashboardEntry(d.uidPrefix(), d.uid(null), d.title(), "/dashboards/" + d.uidPrefix()))
                .toList();
    }

    @GET
    @Path("{name}")
    @APIResponseSchema(value = GrafanaDashboard.class, responseCode = "200")
    public ObjectNode model(@PathParam("name") String name, @QueryParam("ServiceMeshId") String meshId) {
        return dashboards
                .model(name, meshId)
                .orElseThrow(() -> new AsmException(AsmError.NOT_FOUND, "No dashboard " + name + "."));
    }
}
