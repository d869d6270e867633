package io.asm.observability.grafana;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The part of Grafana's HTTP API the push uses (folders, dashboards), built per base URL by {@link GrafanaPublisher}.
 * Methods answer the raw {@link Response} so that 404 ("not there") can be told from a failure.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface GrafanaApi {

    /** {@code POST /api/folders}. */
    record NewFolder(
            @JsonProperty("uid") String uid,
            @JsonProperty("title") String title) {}

    /** {@code POST /api/dashboards/db}: the model replaces whatever has its uid. */
    record DashboardPush(
            @JsonProperty("dashboard") ObjectNode dashboard,
            @JsonProperty("folderUid") String folderUid,
            @JsonProperty("overwrite") boolean overwrite,
            @JsonProperty("message") String message) {}

    @GET
    @Path("/api/folders/{uid}")
    Response folder(@HeaderParam("Authorization") String authorization, @PathParam("uid") String uid);

    @POST
    @Path("/api/folders")
    Response createFolder(@HeaderParam("Authorization") String authorization, NewFolder folder);

    @POST
    @Path("/api/dashboards/db")
    Response pushDashboard(@HeaderParam("Authorization") String authorization, DashboardPush push);

    /** Deletes the folder with every dashboard in it. */
    @DELETE
    @Path("/api/folders/{uid}")
    Response deleteFolder(@HeaderParam("Authorization") String authorization, @PathParam("uid") String uid);
}
