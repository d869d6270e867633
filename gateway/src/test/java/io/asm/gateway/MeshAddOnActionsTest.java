package io.asm.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The actions Terraform calls beside the mesh lifecycle, as Terraform sends them (POST, form body, RPC v1): each
 * reaches mesh-service's route with typed JSON, and malformed values stop at the gateway.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class MeshAddOnActionsTest {

    static final String MESH = "c08ba3fd1e6484b0f8cc1ad8fe10d1234";

    static Response call(String action, Map<String, String> params) {
        TreeMap<String, String> p = Signed.common(action, "testid");
        p.putAll(params);
        return given().urlEncodingEnabled(false)
                .contentType("application/x-www-form-urlencoded")
                .body(Signed.form(p, "testsecret"))
                .post("/");
    }

    static void routed(String action, Map<String, String> params, String method, String path, String body) {
        Response r = call(action, params);
        assertEquals(200, r.statusCode(), action + ": " + r.asString());
        assertTrue(r.path("RequestId") != null, action);
        StandInServices.Call last = StandInServices.last;
        assertEquals(method + " " + path, last.method() + " " + last.path(), action);
        if (body != null) {
            assertEquals(body, last.body(), action);
        }
    }

    @Test
    void everyActionReachesItsRoute() {
        String addOns = "/meshes/" + MESH + "/add-ons";
        String providers = "/meshes/" + MESH + "/extension-providers";
        routed("DescribeKialiConfiguration", Map.of("ServiceMeshId", MESH), "GET", addOns + "/kiali", null);
        routed(
                "UpdateKialiConfiguration",
                Map.of(
                        "ServiceMeshId", MESH,
                        "Enabled", "true",
                        "IntegrateCLB", "false",
                        "ServerConfig", "{\"WebPort\":0}"),
                "PATCH",
                addOns + "/kiali",
                null);
        assertTrue(StandInServices.last.body().contains("\"Enabled\":true"), StandInServices.last.body());
        assertTrue(StandInServices.last.body().contains("\"ServerConfig\":\"{\\\"WebPort\\\":0}\""));
        routed(
                "UpdateMeshCRAggregation",
                Map.of("ServiceMeshId", MESH, "Enabled", "true"),
                "PATCH",
                addOns + "/cr-aggregation",
                "{\"Enabled\":true}");
        routed(
                "UpdateControlPlaneLogConfig",
                Map.of("ServiceMeshId", MESH, "Enabled", "true", "Project", "cp-logs", "LogTTLInDay", "30"),
                "PATCH",
                addOns + "/control-plane-log",
                null);
        assertTrue(StandInServices.last.body().contains("\"LogTTLInDay\":30"), StandInServices.last.body());
        routed(
                "ModifyPilotEipResource",
                Map.of("ServiceMeshId", MESH, "Operation", "BindEip", "EipId", "eip-123"),
                "POST",
                addOns + "/pilot-eip",
                null);
        routed(
                "CreateExtensionProvider",
                Map.of("ServiceMeshId", MESH, "Type", "httpextauth", "Name", "ext-1", "Config", "{\"port\":4180}"),
                "POST",
                providers,
                null);
        routed(
                "UpdateExtensionProvider",
                Map.of("ServiceMeshId", MESH, "Type", "httpextauth", "Name", "ext-1", "Config", "{\"port\":4181}"),
                "PATCH",
                providers + "/httpextauth/ext-1",
                "{\"Config\":\"{\\\"port\\\":4181}\"}");
        routed(
                "DeleteExtensionProvider",
                Map.of("ServiceMeshId", MESH, "Type", "httpextauth", "Name", "ext-1"),
                "DELETE",
                providers + "/httpextauth/ext-1",
                null);
        routed(
                "DescribeExtensionProvider",
                Map.of("ServiceMeshId", MESH, "Type", "grpcextauth"),
                "GET",
                providers,
                null);
        assertEquals("Type=grpcextauth", StandInServices.last.query());
        routed(
                "GrantUserPermissions",
                Map.of("SubAccountUserId", "201122334455667789", "Permissions", "[]"),
                "PUT",
                "/user-permissions/201122334455667789",
                "{\"Permissions\":\"[]\"}");
        routed(
                "DescribeUserPermissions",
                Map.of("SubAccountUserId", "201122334455667789"),
                "GET",
                "/user-permissions/201122334455667789",
                null);
    }

    @Test
    void malformedValuesStopAtTheGateway() {
        for (Map<String, String> bad : java.util.List.of(
                Map.of("Action", "ModifyPilotEipResource", "ServiceMeshId", MESH, "Operation", "Detach"),
                Map.of("Action", "UpdateControlPlaneLogConfig", "ServiceMeshId", MESH, "Enabled", "yes"),
                Map.of(
                        "Action",
                        "UpdateControlPlaneLogConfig",
                        "ServiceMeshId",
                        MESH,
                        "Enabled",
                        "true",
                        "LogTTLInDay",
                        "99999"),
                Map.of("Action", "UpdateKialiConfiguration", "ServiceMeshId", MESH, "AuthStrategy", "none"),
                Map.of(
                        "Action",
                        "CreateExtensionProvider",
                        "ServiceMeshId",
                        MESH,
                        "Type",
                        "lua",
                        "Name",
                        "x",
                        "Config",
                        "{}"),
                Map.of("Action", "DescribeUserPermissions", "SubAccountUserId", "../admin"))) {
            Map<String, String> params = new java.util.HashMap<>(bad);
            Response r = call(params.remove("Action"), params);
            assertEquals(400, r.statusCode(), bad + ": " + r.asString());
            assertEquals("InvalidParameter", r.path("Code"), bad.toString());
        }
        assertEquals(
                "MissingSubAccountUserId",
                call("DescribeUserPermissions", Map.of()).path("Code"));
    }
}
