package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.awaitState;
import static io.asm.mesh.MeshLifecycleTest.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What Terraform's alicloud provider sends and reads (issue 15, part 1): CreateServiceMesh's parameters and tags,
 * the detail fields its schema reads, tags, renaming, versions and UpgradeMeshEditionPartially.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MeshTerraformTest {

    static final String OLD = "v1.30.5.1-ga795090b-aliyun";
    static final String NEW = "v1.31.0.1-g3d5f93b8-aliyun";

    static String account() {
        return "tf" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Map<String, Object> basic() {
        return new HashMap<>(Map.of("RegionId", "cn-hangzhou", "VpcId", "vpc-1", "VSwitches", "[\"vsw-1\"]"));
    }

    static List<Map<String, String>> tags(Response r) {
        return r.then().statusCode(200).extract().path("TagResources");
    }

    static Map<String, String> tag(String mesh, String key, String value) {
        return Map.of("ResourceId", mesh, "ResourceType", "servicemesh", "TagKey", key, "TagValue", value);
    }

    @Test
    void createTakesWhatTheProviderSendsAndTheDetailReadsItBack() throws Exception {
        String account = account();
        Map<String, Object> params = basic();
        params.putAll(Map.of(
                "Name",
                "tf-mesh",
                "IstioVersion",
                OLD,
                "Edition",
                "Pro",
                "ClusterSpec",
                "enterprise",
                "AccessLogEnabled",
                true,
                "AccessLogProject",
                "tf-access",
                "ControlPlaneLogEnabled",
                true,
                "ControlPlaneLogProject",
                "tf-cp",
                "CRAggregationEnabled",
                true,
                "KialiEnabled",
                false));
        params.putAll(Map.of(
                "ApiServerPublicEip", false,
                "CustomizedPrometheus", false,
                "OpaEnabled", true,
                "ProxyLimitCPU", "1500m",
                "StrictMTLS", true, // an old parameter: accepted, ignored
                "Tag", List.of(Map.of("Key", "team", "Value", "payments"), Map.of("Key", "env", "Value", ""))));
        String id = create(account, params);
        Response r = awaitState(account, id, "running");

        assertEquals("enterprise", r.path("ServiceMesh.ClusterSpec"));
        assertEquals("Pro", r.path("ServiceMesh.ServiceMeshInfo.Profile"));
        assertEquals("tf-mesh", r.path("ServiceMesh.ServiceMeshInfo.Name"));
        assertEquals(OLD, r.path("ServiceMesh.ServiceMeshInfo.Version"));
        assertEquals("", r.path("ServiceMesh.Spec.LoadBalancer.PilotPublicEipId"));
        assertEquals(false, r.path("ServiceMesh.Spec.LoadBalancer.ApiServerPublicEip"));
        assertEquals("", r.path("ServiceMesh.Spec.Network.SecurityGroupId"));
        assertEquals(List.of("vsw-1"), r.path("ServiceMesh.Spec.Network.VSwitches"));
        assertEquals("Pro", r.path("ServiceMesh.Spec.MeshConfig.Profile"));
        assertEquals(true, r.path("ServiceMesh.Spec.MeshConfig.AccessLog.Enabled"));
        assertEquals("tf-access", r.path("ServiceMesh.Spec.MeshConfig.AccessLog.Project"));
        assertEquals(
                Map.of("Enabled", true, "LogTTL", 7, "Project", "tf-cp"),
                r.path("ServiceMesh.Spec.MeshConfig.ControlPlaneLogInfo"));
        assertEquals(true, r.path("ServiceMesh.Spec.MeshConfig.ExtraConfiguration.CRAggregationConfiguration.Enabled"));
        assertEquals(
                Map.of("GatewayEnabled", true, "GatewayLifecycle", 7, "SidecarEnabled", true, "SidecarLifecycle", 7),
                r.path("ServiceMesh.Spec.MeshConfig.ExtraConfiguration.AccessLogExtraConf"));
        assertEquals(true, r.path("ServiceMesh.Spec.MeshConfig.OPA.Enabled"));
        assertEquals("1500m", r.path("ServiceMesh.Spec.MeshConfig.Proxy.LimitCPU"));
        assertEquals(false, r.path("ServiceMesh.Spec.MeshConfig.Kiali.Enabled"));
        assertEquals(
                Map.of("Enabled", false, "ExcludeNamespaces", ""),
                r.path("ServiceMesh.Spec.MeshConfig.SidecarInjector.InitCNIConfiguration"));

        // The data source lists without paging and reads the same tree per mesh.
        Response list = as(account).get("/meshes");
        assertEquals(100, list.<Integer>path("PageSize"));
        assertEquals(id, list.path("ServiceMeshes[0].ServiceMeshInfo.ServiceMeshId"));
        assertEquals("running", list.path("ServiceMeshes[0].ServiceMeshInfo.State"));
        assertEquals("enterprise", list.path("ServiceMeshes[0].ClusterSpec"));

        assertEquals(
                List.of(tag(id, "env", ""), tag(id, "team", "payments")),
                tags(as(account).queryParam("ResourceId", id).get("/tags")));
    }

    @Test
    void anUnknownEditionIsRefusedBeforeAnythingIsRecorded() {
        String account = account();
        Map<String, Object> params = basic();
        params.put("Edition", "Gold");
        Response r = as(account).body(params).post("/meshes");
        assertEquals(400, r.statusCode());
        assertEquals("InvalidParameter", r.path("Code"));
        assertEquals(0, as(account).get("/meshes").<Integer>path("TotalCount"));
    }

    @Test
    void tagsFollowAlibabasRules() {
        String account = account();
        String a = create(account, basic());
        String b = create(account, basic());

        as(account)
                .body(Map.of(
                        "ResourceType", "servicemesh",
                        "ResourceId", List.of(a, b),
                        "Tag", List.of(Map.of("Key", "team", "Value", "x"), Map.of("Key", "tier", "Value", "1"))))
                .post("/tags")
                .then()
                .statusCode(200);
        // Overwrites the value of an existing key.
        as(account)
                .body(Map.of("ResourceId", List.of(a), "Tag", List.of(Map.of("Key", "team", "Value", "y"))))
                .post("/tags")
                .then()
                .statusCode(200);
        assertEquals(
                List.of(tag(a, "team", "y"), tag(a, "tier", "1")),
                tags(as(account).queryParam("ResourceId", a).get("/tags")));
        // The filter keeps meshes carrying every tag given (an empty value matches any).
        assertEquals(
                List.of(tag(b, "team", "x"), tag(b, "tier", "1")),
                tags(as(account)
                        .queryParam("Tag", "{\"Key\":\"team\",\"Value\":\"x\"}")
                        .get("/tags")));
        assertEquals(
                4,
                tags(as(account)
                                .queryParam("Tag", "{\"Key\":\"tier\",\"Value\":\"\"}")
                                .get("/tags"))
                        .size());

        // Reserved keys, and another account's mesh, are refused.
        for (String reserved : List.of("aliyun-owner", "acs:rm:rgId", "see http://x")) {
            Response r = as(account)
                    .body(Map.of("ResourceId", List.of(a), "Tag", List.of(Map.of("Key", reserved, "Value", "v"))))
                    .post("/tags");
            assertEquals(400, r.statusCode(), reserved);
            assertEquals("InvalidParameter", r.path("Code"));
        }
        Response foreign = as(account())
                .body(Map.of("ResourceId", List.of(a), "Tag", List.of(Map.of("Key", "k", "Value", "v"))))
                .post("/tags");
        assertEquals("ServiceMesh.NotFound", foreign.path("Code"));
        assertEquals(List.of(), tags(as(account()).queryParam("ResourceId", a).get("/tags")));

        // At most 20 tags per mesh: a call that would pass it changes nothing.
        List<Map<String, String>> nineteen = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            nineteen.add(Map.of("Key", "k" + i, "Value", "v"));
        }
        Response tooMany = as(account)
                .body(Map.of("ResourceId", List.of(a), "Tag", nineteen))
                .post("/tags");
        assertEquals(400, tooMany.statusCode());
        assertEquals("QuotaExceed.TagsPerResource", tooMany.path("Code"));
        assertEquals(
                2, tags(as(account).queryParam("ResourceId", a).get("/tags")).size());

        // UntagResources: keys (unknown ones are no error), or All.
        as(account)
                .queryParam("ResourceId", a)
                .queryParam("TagKey", "team")
                .queryParam("TagKey", "nope")
                .delete("/tags")
                .then()
                .statusCode(200);
        assertEquals(
                List.of(tag(a, "tier", "1")),
                tags(as(account).queryParam("ResourceId", a).get("/tags")));
        assertEquals(
                "MissingTagKey.1",
                as(account).queryParam("ResourceId", b).delete("/tags").path("Code"));
        as(account)
                .queryParam("ResourceId", b)
                .queryParam("All", true)
                .delete("/tags")
                .then()
                .statusCode(200);
        assertEquals(List.of(), tags(as(account).queryParam("ResourceId", b).get("/tags")));
    }

    @Test
    void listTagResourcesPagesWithNextToken() {
        String account = account();
        List<Map<String, String>> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(Map.of("Key", "k" + (char) ('a' + i), "Value", String.valueOf(i)));
        }
        for (int m = 0; m < 3; m++) {
            Map<String, Object> params = basic();
            params.put("Tag", twenty);
            create(account, params);
        }
        Response first = as(account).get("/tags");
        assertEquals(50, tags(first).size());
        assertEquals("50", first.path("NextToken"));
        Response second = as(account).queryParam("NextToken", "50").get("/tags");
        assertEquals(10, tags(second).size());
        assertEquals("", second.path("NextToken"));
        assertEquals("kt", tags(second).get(9).get("TagKey"));
    }

    @Test
    void renameVersionsAndThePartialUpgradeTerraformUses() throws Exception {
        String account = account();
        Map<String, Object> params = basic();
        params.put("IstioVersion", OLD);
        String id = create(account, params);

        as(account)
                .body(Map.of("Name", "renamed"))
                .put("/meshes/" + id + "/name")
                .then()
                .statusCode(200);
        assertEquals("renamed", as(account).get("/meshes/" + id).path("ServiceMesh.ServiceMeshInfo.Name"));
        assertEquals(
                "ServiceMesh.NotFound",
                as(account())
                        .body(Map.of("Name", "x"))
                        .put("/meshes/" + id + "/name")
                        .path("Code"));

        Response versions = as(account).get("/versions");
        assertEquals("Default", versions.path("VersionInfo[0].Edition"));
        assertEquals("Pro", versions.path("VersionInfo[1].Edition"));
        assertEquals(List.of(OLD, NEW), versions.path("VersionInfo[0].Versions"));
        assertEquals(
                OLD,
                as(account).get("/meshes/" + id + "/versions/sidecar-expected").path("Version"));

        awaitState(account, id, "running");
        Response skip = as(account)
                .body(Map.of("ExpectedVersion", "v1.29.7.1-g00000000-aliyun"))
                .post("/meshes/" + id + "/versions/upgrade");
        assertEquals(400, skip.statusCode());
        assertEquals("InvalidParameter", skip.path("Code"));
        as(account)
                .body(Map.of("ExpectedVersion", NEW, "PreCheck", true, "ASMGatewayContinue", false))
                .post("/meshes/" + id + "/versions/upgrade")
                .then()
                .statusCode(200);
        assertEquals(OLD, as(account).get("/meshes/" + id).path("ServiceMesh.ServiceMeshInfo.Version"));
        as(account)
                .body(Map.of("ExpectedVersion", NEW, "ASMGatewayContinue", false))
                .post("/meshes/" + id + "/versions/upgrade")
                .then()
                .statusCode(200);
        Response upgraded = awaitState(account, id, "running");
        assertEquals(NEW, upgraded.path("ServiceMesh.ServiceMeshInfo.Version"));
        assertEquals(
                NEW,
                as(account).get("/meshes/" + id + "/versions/sidecar-expected").path("Version"));
        // A retry of the finished upgrade is no error; there is nothing newer.
        as(account)
                .body(Map.of("ExpectedVersion", NEW))
                .post("/meshes/" + id + "/versions/upgrade")
                .then()
                .statusCode(200);
        Response none = as(account).body(Map.of()).post("/meshes/" + id + "/versions/upgrade");
        assertEquals("UpgradeVersion.NotAvailable", none.path("Code"));
        assertTrue(none.<String>path("Message").contains(NEW));
    }
}
