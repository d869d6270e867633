package io.asm.observability.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.observability.dashboard.DashboardCatalogue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The dashboards as Grafana JSON models, for anyone to import ({@code asm.internal.public-paths} opens these paths:
 * they hold no account's data). {@code /dashboards/<uid>?ServiceMeshId=<id>} is a mesh's copy, whose uid
 * ({@code <uid>-<ServiceMeshId>}) is the one DescribeClusterGrafana's URLs name.
 */
@Path("/dashboards")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    public record DashboardEntry(@JsonProperty("uid") String uid, @JsonProperty("title") String title,
                                 @JsonProperty("url") String url) {
    }

    private final DashboardCatalogue dashboards;

    DashboardResource(DashboardCatalogue dashboards) {
        this.dashboards = dashboards;
    }

    @GET
    public List<DashboardEntry> list() {
        return dashboards.all().stream()
                .map(d -> new DashboardEntry(d.uid(null), d.title(), "/dashboards/" + d.uid(null))).toList();
    }

    @GET
    @Path("{uid}")
    public ObjectNode model(@PathParam("uid") String uid, @QueryParam("ServiceMeshId") String meshId) {
        return dashboards.model(uid, meshId).orElseThrow(() -> new AsmException(AsmError.NOT_FOUND, "No dashboard " + uid + "."));
    }
}
