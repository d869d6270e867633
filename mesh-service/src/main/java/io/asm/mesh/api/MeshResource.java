package io.asm.mesh.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.mesh.domain.Mesh;
import io.asm.mesh.domain.Meshes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * mesh-service's internal API, called by the gateway with validated, typed parameters (ASM names) and the caller's
 * account and region in headers. Bodies carry ASM field names so the gateway passes them through.
 */
@Path("/meshes")
@Produces(MediaType.APPLICATION_JSON)
public class MeshResource {

    private final Meshes meshes;
    private final RequestContext context;
    private final ObjectMapper json;

    MeshResource(Meshes meshes, RequestContext context, ObjectMapper json) {
        this.meshes = meshes;
        this.context = context;
        this.json = json;
    }

    /** CreateServiceMesh. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> create(Map<String, Object> params) {
        String region = params.get("RegionId") instanceof String r && !r.isBlank() ? r : context.regionId();
        Mesh mesh = meshes.create(account(), region, params == null ? Map.of() : params);
        return Map.of("ServiceMeshId", mesh.id);
    }

    /** DescribeServiceMeshDetail. */
    @GET
    @Path("{id}")
    public ObjectNode describe(@PathParam("id") String id) {
        Mesh mesh = meshes.find(account(), id);
        ObjectNode out = json.createObjectNode();
        out.set("ServiceMesh", MeshDetailView.of(json, mesh, meshes.features(mesh), meshes.clusters(id)));
        return out;
    }

    /** DescribeServiceMeshes: the caller's meshes in the request's region, paged. */
    @GET
    public ObjectNode list(@QueryParam("PageNumber") @DefaultValue("1") long page,
                           @QueryParam("PageSize") @DefaultValue("10") long size) {
        if (page < 1 || size < 1 || size > 100) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "PageSize", "PageNumber ≥ 1 and 1 ≤ PageSize ≤ 100.");
        }
        ObjectNode out = json.createObjectNode();
        var array = out.putArray("ServiceMeshes");
        for (Mesh mesh : meshes.list(account(), context.regionId(), (int) page, (int) size)) {
            array.add(MeshDetailView.of(json, mesh, meshes.features(mesh), meshes.clusters(mesh.id)));
        }
        out.put("PageNumber", page);
        out.put("PageSize", size);
        out.put("TotalCount", meshes.count(account(), context.regionId()));
        return out;
    }

    /** DeleteServiceMesh. */
    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("id") String id, @QueryParam("Force") @DefaultValue("false") boolean force) {
        meshes.delete(account(), id, force);
        return Map.of();
    }

    private String account() {
        String account = context.accountId();
        if (account == null || account.isBlank()) {
            throw new AsmException(AsmError.FORBIDDEN, "The caller's account is missing.");
        }
        return account;
    }
}
