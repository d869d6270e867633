package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.mesh.domain.Meshes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** ModifyServiceMeshName. */
@Path("/meshes/{id}/name")
@Produces(MediaType.APPLICATION_JSON)
public class MeshNameResource {

    public record Rename(@JsonProperty("Name") String name) {}

    @Inject
    Meshes meshes;

    @Inject
    RequestContext context;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done rename(@PathParam("id") String id, Rename request) {
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw AsmError.missing("Name");
        }
        meshes.rename(context.requireAccountId(), id, request.name());
        return new MeshResponses.Done();
    }
}
