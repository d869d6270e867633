package io.asm.common.error;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Test-only endpoints that fail in the ways the mapper must render. */
@Path("/test/fail")
public class FailingResource {

    @Inject
    DataSource dataSource;

    @GET
    @Path("{kind}")
    public String fail(@PathParam("kind") String kind) throws SQLException {
        switch (kind) {
            case "mesh" -> throw new AsmException(AsmError.SERVICE_MESH_NOT_FOUND);
            case "missing" -> throw new AsmException(AsmError.MISSING_PARAMETER, "ServiceMeshId");
            case "bug" -> throw new IllegalStateException("secret internal detail");
            case "busy" -> {
                return exhaustPool();
            }
            default -> {
                return "ok";
            }
        }
    }

    /** Holds every connection of the pool and asks for one more, as a burst of requests would. */
    private String exhaustPool() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            while (true) {
                held.add(dataSource.getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }
}
