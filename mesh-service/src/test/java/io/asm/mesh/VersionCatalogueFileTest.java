package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.create;
import static io.asm.mesh.MeshLifecycleTest.istiodImage;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The version catalogue is data: with asm.mesh.versions-file naming another file, DescribeVersions, the default
 * version of new meshes, DescribeUpgradeVersion and the istiod image all come from that file.
 */
@QuarkusTest
@TestProfile(VersionCatalogueFileTest.Mirror.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class VersionCatalogueFileTest {

    public static class Mirror implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "asm.mesh.versions-file",
                    Path.of("src/test/resources/mesh-versions-mirror.json")
                            .toAbsolutePath()
                            .toString());
        }
    }

    static final String OLD = "v1.29.7.2-g0123abcd-aliyun";
    static final String NEW = "v1.31.0.1-g3d5f93b8-aliyun";

    @Test
    void theOperatorsFileDecidesVersionsAndImages() throws Exception {
        Response versions = as("cat-1").get("/versions");
        // In upgrade order whatever the file's order; only the editions it names.
        assertEquals(
                List.of(Map.of("Edition", "Default", "Versions", List.of(OLD, NEW))), versions.path("VersionInfo"));

        String latest =
                create("cat-1", Map.of("RegionId", "cn-hangzhou", "VpcId", "vpc-1", "VSwitches", "[\"vsw-1\"]"));
        // This application's first mesh receives the Istio CRD bundle: slower than the 15 s of later meshes.
        Response running = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> as("cat-1").get("/meshes/" + latest),
                        r -> "running".equals(r.path("ServiceMesh.ServiceMeshInfo.State")));
        assertEquals(NEW, running.path("ServiceMesh.ServiceMeshInfo.Version"));
        assertEquals("mirror.example.com/istio/pilot:1.31.0", istiodImage(latest));

        // 1.29 to 1.31 skips a minor the file does not offer: no upgrade.
        String old = create(
                "cat-1",
                Map.of("RegionId", "cn-hangzhou", "VpcId", "vpc-1", "VSwitches", "[\"vsw-1\"]", "IstioVersion", OLD));
        assertEquals("", as("cat-1").get("/meshes/" + old + "/upgrade-version").path("Version.IstioOperatorVersion"));
        Response pro = as("cat-1")
                .body(Map.of("RegionId", "cn-hangzhou", "VpcId", "vpc-1", "VSwitches", "[\"vsw-1\"]", "Edition", "Pro"))
                .post("/meshes");
        assertEquals("InvalidParameter", pro.path("Code"));
    }
}
