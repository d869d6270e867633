package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.asm.mesh.domain.MeshVersions;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** DescribeVersions: the version catalogue as clients see it. */
@Path("/versions")
@Produces(MediaType.APPLICATION_JSON)
public class VersionCatalogueResource {

    public record VersionInfo(
            @JsonProperty("Edition") String edition,
            @JsonProperty("Versions") List<String> versions) {}

    public record Versions(@JsonProperty("VersionInfo") List<VersionInfo> versionInfo) {}

    @Inject
    MeshVersions versions;

    /** Every catalogue version, oldest first, under each edition. */
    @GET
    public Versions describe() {
        List<String> all =
                versions.all().stream().map(MeshVersions.Version::asm).toList();
        return new Versions(
                versions.editions().stream().map(e -> new VersionInfo(e, all)).toList());
    }
}
