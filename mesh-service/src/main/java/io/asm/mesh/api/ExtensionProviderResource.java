package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.mesh.domain.MeshAddOns;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Create/Update/Delete/DescribeExtensionProvider: a mesh's external-authorization providers. */
@Path("/meshes/{ServiceMeshId}/extension-providers")
@Produces(MediaType.APPLICATION_JSON)
public class ExtensionProviderResource {

    @Inject
    MeshAddOns addOns;

    @Inject
    RequestContext context;

    public record Provider(
            @JsonProperty("Type") String type,
            @JsonProperty("Name") String name,
            @JsonProperty("Config") String config) {}

    public record Providers(
            @JsonProperty("ExtensionProviderArray") List<Map<String, String>> providers) {}

    @GET
    public Providers describe(@PathParam("ServiceMeshId") String meshId, @QueryParam("Type") String type) {
        return new Providers(addOns.extensionProviders(account(), meshId, type));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done create(@PathParam("ServiceMeshId") String meshId, Provider body) {
        Provider p = require(body);
        if (p.name() == null) {
            throw AsmError.missing("Name");
        }
        addOns.putExtensionProvider(account(), meshId, p.type(), p.name(), p.config(), true);
        return new MeshResponses.Done();
    }

    @PATCH
    @Path("{Type}/{Name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done update(
            @PathParam("ServiceMeshId") String meshId,
            @PathParam("Type") String type,
            @PathParam("Name") String name,
            Provider body) {
        Provider p = require(body == null ? null : new Provider(type, name, body.config()));
        addOns.putExtensionProvider(account(), meshId, type, name, p.config(), false);
        return new MeshResponses.Done();
    }

    @DELETE
    @Path("{Type}/{Name}")
    public MeshResponses.Done delete(
            @PathParam("ServiceMeshId") String meshId, @PathParam("Type") String type, @PathParam("Name") String name) {
        addOns.deleteExtensionProvider(account(), meshId, type, name);
        return new MeshResponses.Done();
    }

    private static Provider require(Provider p) {
        if (p == null || p.type() == null) {
            throw AsmError.missing("Type");
        }
        if (p.config() == null) {
            throw AsmError.missing("Config");
        }
        return p;
    }

    private String account() {
        return context.requireAccountId();
    }
}
