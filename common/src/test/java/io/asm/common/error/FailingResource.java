package io.asm.common.error;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Test-only endpoints that fail in the ways the mapper must render. */
@Path("/test/fail")
public class FailingResource {

    @GET
    @Path("{kind}")
    public String fail(@PathParam("kind") String kind) {
        switch (kind) {
            case "mesh" -> throw new AsmException(AsmError.SERVICE_MESH_NOT_FOUND);
            case "missing" -> throw new AsmException(AsmError.MISSING_PARAMETER, "ServiceMeshId");
            case "bug" -> throw new IllegalStateException("secret internal detail");
            default -> {
                return "ok";
            }
        }
    }
}
