package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.common.context.RequestContext;
import io.asm.mesh.domain.Meshes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What a mesh's sidecars should run (DescribeASMSidecarExpectedVersion), and the upgrade Terraform uses. */
@Path("/meshes/{id}/versions")
@Produces(MediaType.APPLICATION_JSON)
public class MeshVersionResource {

    public record SidecarVersion(@JsonProperty("Version") String version) {}

    /** ExpectedVersion: the version to reach (optional); ASMGatewayContinue and gateway records concern no gateway here. */
    public record EditionUpgrade(
            @JsonProperty("ExpectedVersion") String expectedVersion,
            @JsonProperty("PreCheck") Boolean preCheck,
            @JsonProperty("ASMGatewayContinue") Boolean gatewayContinue) {}

    @Inject
    Meshes meshes;

    @Inject
    RequestContext context;

    /** DescribeASMSidecarExpectedVersion: sidecars injected now get the control plane's version. */
    @GET
    @Path("sidecar-expected")
    public SidecarVersion sidecarExpectedVersion(@PathParam("id") String id) {
        return new SidecarVersion(meshes.find(context.requireAccountId(), id).version);
    }

    /** UpgradeMeshEditionPartially: UpgradeMeshVersion's path, to ExpectedVersion when given. */
    @POST
    @Path("upgrade")
    @Consumes(MediaType.WILDCARD)
    public MeshResponses.Done upgrade(@PathParam("id") String id, EditionUpgrade request) {
        EditionUpgrade r = request == null ? new EditionUpgrade(null, null, null) : request;
        meshes.upgradeTo(context.requireAccountId(), id, r.expectedVersion(), Boolean.TRUE.equals(r.preCheck()));
        return new MeshResponses.Done();
    }
}
