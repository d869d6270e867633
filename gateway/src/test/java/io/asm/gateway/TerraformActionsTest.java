package io.asm.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teautil.models.RuntimeOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The calls of Terraform's alicloud provider (issue 15, part 1) as its RpcPost makes them: RPC style, common
 * parameters and some action parameters in the query, the rest as a form body, one signature over both. What
 * reaches mesh-service is checked on the stand-in.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class TerraformActionsTest {

    static final String MESH = "c08ba3fd1e6484b0f8cc1ad8fe10d1234";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL url;

    Map<String, ?> rpcPost(String action, Map<String, String> query, Map<String, String> body) throws Exception {
        Client client = new Client(new Config()
                .setAccessKeyId("testid")
                .setAccessKeySecret("testsecret")
                .setEndpoint(url.getHost() + ":" + url.getPort())
                .setProtocol("http")
                .setRegionId("cn-hangzhou"));
        // doRPCRequest: signature v1 (HMAC-SHA1) over query and form body, as the provider's tea-rpc DoRequest.
        return client.doRPCRequest(
                action,
                "2020-01-11",
                "HTTP",
                "POST",
                "AK",
                "json",
                new OpenApiRequest().setQuery(query).setBody(body),
                new RuntimeOptions());
    }

    static JsonNode sentBody() throws Exception {
        return JSON.readTree(StandInServices.last.body());
    }

    @Test
    void createCarriesTagsFromQueryAndBodyAndTheNewParameters() throws Exception {
        Map<String, String> body = new LinkedHashMap<>(Map.of(
                "VpcId", "vpc-1",
                "VSwitches", "[\"vsw-1\"]",
                "Name", "tf",
                "Edition", "Pro",
                "ClusterSpec", "ultimate",
                "ControlPlaneLogEnabled", "true",
                "ControlPlaneLogProject", "cp-logs",
                "AccessLogProject", "al-logs",
                "CRAggregationEnabled", "false",
                "Tags.1.Key", "team"));
        body.putAll(Map.of("Tags.1.Value", "payments", "PilotPublicEip", "false", "StrictMTLS", "true"));
        rpcPost("CreateServiceMesh", Map.of("RegionId", "cn-hangzhou", "Tag.1.Key", "env"), body);
        JsonNode sent = sentBody();
        assertEquals("/meshes", StandInServices.last.path());
        assertEquals("ultimate", sent.get("ClusterSpec").asText());
        assertEquals(true, sent.get("ControlPlaneLogEnabled").asBoolean());
        assertEquals("cp-logs", sent.get("ControlPlaneLogProject").asText());
        assertEquals("al-logs", sent.get("AccessLogProject").asText());
        assertEquals(
                JSON.readTree("[{\"Key\":\"env\",\"Value\":\"\"},{\"Key\":\"team\",\"Value\":\"payments\"}]"),
                sent.get("Tag"));
        assertEquals(false, sent.has("StrictMTLS"), "parameters no longer in the API are dropped");
    }

    @Test
    void tagActionsReachTheTagRoutes() throws Exception {
        rpcPost(
                "TagResources",
                Map.of("RegionId", "cn-hangzhou"),
                Map.of(
                        "ResourceId.1", MESH,
                        "ResourceType", "servicemesh",
                        "Tag.1.Key", "team",
                        "Tag.1.Value", "payments"));
        assertEquals("POST", StandInServices.last.method());
        assertEquals("/tags", StandInServices.last.path());
        assertEquals(
                JSON.readTree("{\"ResourceType\":\"servicemesh\",\"ResourceId\":[\"" + MESH
                        + "\"],\"Tag\":[{\"Key\":\"team\",\"Value\":\"payments\"}]}"),
                sentBody());

        Map<String, ?> listed = rpcPost(
                "ListTagResources",
                Map.of("RegionId", "cn-hangzhou"),
                Map.of("ResourceId.1", MESH, "ResourceType", "servicemesh"));
        assertEquals(200, listed.get("statusCode"));
        assertEquals("GET", StandInServices.last.method());
        assertEquals("/tags", StandInServices.last.path());
        assertEquals("ResourceType=servicemesh&ResourceId=" + MESH, StandInServices.last.query());

        rpcPost(
                "UntagResources",
                Map.of("RegionId", "cn-hangzhou"),
                Map.of(
                        "ResourceId.1", MESH,
                        "ResourceType", "servicemesh",
                        "TagKey.1", "team",
                        "TagKey.2", "tier x"));
        assertEquals("DELETE", StandInServices.last.method());
        assertEquals(
                "ResourceType=servicemesh&ResourceId=" + MESH + "&TagKey=team&TagKey=tier%20x",
                StandInServices.last.query());
    }

    @Test
    void updateCarriesTheClusterSpecAndAccessLogSettingsTheProviderChanges() throws Exception {
        rpcPost(
                "UpdateMeshFeature",
                Map.of("RegionId", "cn-hangzhou"),
                Map.of(
                        "ServiceMeshId", MESH,
                        "ClusterSpec", "enterprise",
                        "AccessLogProject", "al-2",
                        "AccessLogGatewayEnabled", "false",
                        "AccessLogSidecarLifecycle", "30"));
        JsonNode sent = sentBody();
        assertEquals("/meshes/" + MESH + "/features", StandInServices.last.path());
        assertEquals("enterprise", sent.get("ClusterSpec").asText());
        assertEquals("al-2", sent.get("AccessLogProject").asText());
        assertEquals(false, sent.get("AccessLogGatewayEnabled").asBoolean());
        assertEquals(30, sent.get("AccessLogSidecarLifecycle").asInt());
    }

    @Test
    void nameVersionsAndThePartialUpgradeReachMeshService() throws Exception {
        rpcPost("ModifyServiceMeshName", Map.of(), Map.of("ServiceMeshId", MESH, "Name", "renamed"));
        assertEquals("PUT", StandInServices.last.method());
        assertEquals("/meshes/" + MESH + "/name", StandInServices.last.path());
        assertEquals("renamed", sentBody().get("Name").asText());

        rpcPost("DescribeVersions", Map.of(), Map.of());
        assertEquals("/versions", StandInServices.last.path());
        rpcPost("DescribeASMSidecarExpectedVersion", Map.of("ServiceMeshId", MESH), Map.of());
        assertEquals("/meshes/" + MESH + "/versions/sidecar-expected", StandInServices.last.path());

        rpcPost(
                "UpgradeMeshEditionPartially",
                Map.of(),
                Map.of(
                        "ServiceMeshId", MESH,
                        "ExpectedVersion", "v1.31.0.1-g3d5f93b8-aliyun",
                        "ASMGatewayContinue", "false"));
        assertEquals("/meshes/" + MESH + "/versions/upgrade", StandInServices.last.path());
        assertEquals(
                JSON.readTree("{\"ExpectedVersion\":\"v1.31.0.1-g3d5f93b8-aliyun\",\"ASMGatewayContinue\":false}"),
                sentBody());
    }
}
