package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.apiServerOf;
import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings Terraform manages beside UpdateMeshFeature, through mesh-service's internal API: stored, shown where
 * Terraform reads them (DescribeKialiConfiguration, DescribeServiceMeshDetail, DescribeExtensionProvider,
 * DescribeUserPermissions) and written to the mesh API server.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MeshAddOnsTest {

    /** The Config of Terraform's own acceptance test for alicloud_service_mesh_extension_provider. */
    static final String TF_CONFIG = "{\"headersToDownstreamOnDeny\":[\"content-type\",\"set-cookie\"],"
            + "\"headersToUpstreamOnAllow\":[\"authorization\",\"cookie\",\"path\",\"x-auth-request-access-token\","
            + "\"x-forwarded-access-token\"],\"includeRequestHeadersInCheck\":[\"cookie\",\"x-forward-access-token\"],"
            + "\"oidc\":{\"clientID\":\"qweqweqwewqeqwe\",\"clientSecret\":\"asdasdasdasdsadas\",\"cookieExpire\":\"1000\","
            + "\"cookieRefresh\":\"500\",\"cookieSecret\":\"scxzcxzcxzcxzcxz\",\"issuerURI\":\"qweqwewqeqweqweqwe\","
            + "\"redirectDomain\":\"www.alicloud-provider.cn\",\"redirectProtocol\":\"http\",\"scopes\":[\"profile\"]},"
            + "\"port\":4180,\"service\":\"asm-oauth2proxy-httpextauth-tf.istio-system.svc.cluster.local\","
            + "\"timeout\":\"10s\"}";

    static String runningMesh(String account) throws InterruptedException {
        String id = create(account, MeshLifecycleTest.meshParams());
        awaitState(account, id, "running");
        return id;
    }

    /** MeshLifecycleTest's wait, longer: these tests wait for several changes on a machine others share. */
    static Response awaitState(String account, String id, String state) {
        return MeshLifecycleTest.awaitState(account, id, state, Duration.ofSeconds(60));
    }

    static KubernetesClient meshApiServer(String id) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(apiServerOf(id).kubeconfig()))
                .build();
    }

    static String configMap(String id, String name, String key) {
        try (KubernetesClient k = meshApiServer(id)) {
            return k.configMaps()
                    .inNamespace("istio-system")
                    .withName(name)
                    .get()
                    .getData()
                    .get(key);
        }
    }

    static void expectError(Response r, int status, String code) {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals(code, r.path("Code"), r.asString());
    }

    @Test
    void kialiIsUpdatedInPartsAndReadBackAsTerraformReadsIt() throws Exception {
        String id = runningMesh("5101");
        Response before = as("5101").get("/meshes/" + id + "/add-ons/kiali");
        assertEquals(200, before.statusCode(), before.asString());
        assertEquals(false, before.path("Enabled"));
        assertEquals("token", before.path("AuthStrategy"));
        assertEquals(Map.of(), before.path("OpenIdConfig"), "empty parts are left out");

        as("5101")
                .body(Map.of(
                        "Enabled", true,
                        "AuthStrategy", "openid",
                        "CustomPrometheusUrl", "http://prom.example:9090",
                        "KialiServiceAnnotations", "{\"service.beta.kubernetes.io/alb\":\"internet\"}",
                        "OpenIdConfig",
                                "{\"ClientId\":\"kiali\",\"ClientSecret\":\"s3cret\",\"IssuerUri\":\"https://idp.example\","
                                        + "\"Scopes\":[\"openid\",\"email\"]}",
                        "RAMOAuthConfig", "{}",
                        "ServerConfig", "{\"WebFQDN\":\"kiali.example.com\",\"WebPort\":443,\"WebSchema\":\"https\"}"))
                .patch("/meshes/" + id + "/add-ons/kiali")
                .then()
                .statusCode(200);
        Response detail = awaitState("5101", id, "running");
        assertEquals(true, detail.path("ServiceMesh.Spec.MeshConfig.Kiali.Enabled"));
        assertEquals("https://kiali.example.com:443", detail.path("ServiceMesh.Spec.MeshConfig.Kiali.Url"));

        Response k = as("5101").get("/meshes/" + id + "/add-ons/kiali");
        assertEquals(true, k.path("Enabled"));
        assertEquals("openid", k.path("AuthStrategy"));
        assertEquals("http://prom.example:9090", k.path("CustomPrometheusUrl"));
        assertEquals("{\"service.beta.kubernetes.io/alb\":\"internet\"}", k.path("KialiServiceAnnotations"));
        assertEquals("kiali", k.path("OpenIdConfig.ClientId"));
        assertEquals("s3cret", k.path("OpenIdConfig.ClientSecret"));
        assertEquals(List.of("openid", "email"), k.path("OpenIdConfig.Scopes"));
        assertEquals(Map.of(), k.path("RAMOAuthConfig"));
        assertEquals(443, (Integer) k.path("ServerConfig.WebPort"));
        assertNull(k.path("ServerConfig.WebRoot"), "unset parts stay out, so Terraform sees no difference");
        assertEquals("https://kiali.example.com:443", k.path("KialiIstioIngressAddress"));

        // Only what is given changes; the secret is not stored in clear.
        as("5101")
                .body(Map.of("IntegrateCLB", true))
                .patch("/meshes/" + id + "/add-ons/kiali")
                .then()
                .statusCode(200);
        awaitState("5101", id, "running");
        Response after = as("5101").get("/meshes/" + id + "/add-ons/kiali");
        assertEquals(true, after.path("IntegrateCLB"));
        assertEquals("s3cret", after.path("OpenIdConfig.ClientSecret"));
        try (var c = java.sql.DriverManager.getConnection(
                        PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var ps = c.prepareStatement("SELECT features FROM mesh.mesh WHERE id = ?")) {
            ps.setString(1, id);
            var rs = ps.executeQuery();
            rs.next();
            assertTrue(!rs.getString(1).contains("s3cret"), "the OpenID client secret is sealed");
        }
    }

    @Test
    void tenantJsonOfTheWrongShapeIsRefused() throws Exception {
        String id = runningMesh("5102");
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("OpenIdConfig", "{\"ClientId\":\"a\",\"Shell\":\"rm -rf /\"}"),
                Map.<String, Object>of("ServerConfig", "{\"WebPort\":\"443\"}"),
                Map.<String, Object>of("ServerConfig", "{\"WebPort\":70000}"),
                Map.<String, Object>of("ServerConfig", "{\"WebFQDN\":\"a b\"}"),
                Map.<String, Object>of("KialiServiceAnnotations", "[\"x\"]"),
                Map.<String, Object>of("CustomPrometheusUrl", "file:///etc/passwd"),
                Map.<String, Object>of("AuthStrategy", "anonymous"))) {
            expectError(as("5102").body(bad).patch("/meshes/" + id + "/add-ons/kiali"), 400, "InvalidParameter");
        }
        for (String bad : List.of(
                "{\"service\":\"ext.local\",\"port\":\"4180\"}",
                "{\"service\":\"ext.local\",\"port\":4180,\"envoyFilter\":{}}",
                "{\"service\":\"ext.local\",\"port\":4180}{}",
                "{\"service\":\"../etc\",\"port\":4180}",
                "{\"port\":4180}",
                "{\"service\":\"ext.local\",\"port\":4180,\"timeout\":\"forever\"}",
                "null")) {
            expectError(
                    as("5102")
                            .body(Map.of("Type", "httpextauth", "Name", "ext", "Config", bad))
                            .post("/meshes/" + id + "/extension-providers"),
                    400,
                    "InvalidParameter");
        }
        assertEquals("running", as("5102").get("/meshes/" + id).path("ServiceMesh.ServiceMeshInfo.State"));
    }

    @Test
    void crAggregationControlPlaneLogAndPilotEipShowInTheDetail() throws Exception {
        String id = runningMesh("5103");
        Response d0 = as("5103").get("/meshes/" + id);
        assertEquals(
                false, d0.path("ServiceMesh.Spec.MeshConfig.ExtraConfiguration.CRAggregationConfiguration.Enabled"));
        assertEquals(false, d0.path("ServiceMesh.Spec.MeshConfig.ControlPlaneLogInfo.Enabled"));
        assertEquals("", d0.path("ServiceMesh.Spec.LoadBalancer.PilotPublicEipId"));

        as("5103")
                .body(Map.of("Enabled", true))
                .patch("/meshes/" + id + "/add-ons/cr-aggregation")
                .then()
                .statusCode(200);
        // A mesh at work takes no new orders (UpdateMeshFeature's rule).
        expectError(
                as("5103").body(Map.of("Enabled", true)).patch("/meshes/" + id + "/add-ons/control-plane-log"),
                409,
                "IncorrectStatus.ServiceMesh");
        awaitState("5103", id, "running");
        as("5103")
                .body(Map.of("Enabled", true, "Project", "cp-logs", "LogTTLInDay", 30))
                .patch("/meshes/" + id + "/add-ons/control-plane-log")
                .then()
                .statusCode(200);
        awaitState("5103", id, "running");
        as("5103")
                .body(Map.of("Operation", "BindEip", "EipId", "eip-123"))
                .post("/meshes/" + id + "/add-ons/pilot-eip")
                .then()
                .statusCode(200);
        Response d = awaitState("5103", id, "running");
        assertEquals(true, d.path("ServiceMesh.Spec.MeshConfig.ExtraConfiguration.CRAggregationConfiguration.Enabled"));
        assertEquals(true, d.path("ServiceMesh.Spec.MeshConfig.ControlPlaneLogInfo.Enabled"));
        assertEquals("cp-logs", d.path("ServiceMesh.Spec.MeshConfig.ControlPlaneLogInfo.Project"));
        assertEquals(30, (Integer) d.path("ServiceMesh.Spec.MeshConfig.ControlPlaneLogInfo.LogTTL"));
        assertEquals(true, d.path("ServiceMesh.Spec.LoadBalancer.PilotPublicEip"));
        assertEquals("eip-123", d.path("ServiceMesh.Spec.LoadBalancer.PilotPublicEipId"));
        String iop = configMap(id, "asm-istio-operator", "istio-operator.yaml");
        assertTrue(iop.contains("asm.alibabacloud.com/cr-aggregation: \"true\""), iop);
        assertTrue(iop.contains("asm.alibabacloud.com/control-plane-log-project: \"cp-logs\""), iop);

        as("5103")
                .body(Map.of("Operation", "UnBindEip", "EipId", "eip-123"))
                .post("/meshes/" + id + "/add-ons/pilot-eip")
                .then()
                .statusCode(200);
        Response unbound = awaitState("5103", id, "running");
        assertEquals(false, unbound.path("ServiceMesh.Spec.LoadBalancer.PilotPublicEip"));
        assertEquals("", unbound.path("ServiceMesh.Spec.LoadBalancer.PilotPublicEipId"));
        expectError(
                as("5103").body(Map.of("Operation", "BindEip")).post("/meshes/" + id + "/add-ons/pilot-eip"),
                400,
                "MissingEipId");
    }

    @Test
    void extensionProvidersReachTheMeshConfigAndKeepTheirConfigText() throws Exception {
        String id = runningMesh("5104");
        String base = "/meshes/" + id + "/extension-providers";
        as("5104")
                .body(Map.of("Type", "httpextauth", "Name", "httpextauth-tf", "Config", TF_CONFIG))
                .post(base)
                .then()
                .statusCode(200);
        expectError(
                as("5104")
                        .body(Map.of("Type", "httpextauth", "Name", "httpextauth-tf", "Config", TF_CONFIG))
                        .post(base),
                400,
                "ExtensionProvider.AlreadyExists");
        awaitState("5104", id, "running");
        Response listed = as("5104").queryParam("Type", "httpextauth").get(base);
        assertEquals(
                List.of(Map.of("Name", "httpextauth-tf", "Type", "httpextauth", "Config", TF_CONFIG)),
                listed.path("ExtensionProviderArray"));
        assertEquals(
                List.of(),
                as("5104").queryParam("Type", "grpcextauth").get(base).path("ExtensionProviderArray"));
        String mesh = configMap(id, "istio", "mesh");
        assertTrue(mesh.contains("envoyExtAuthzHttp") && mesh.contains("port: 4180"), mesh);
        assertTrue(!mesh.contains("clientSecret") && !mesh.contains("oidc"), "ASM's oidc part is not Envoy's: " + mesh);

        String changed = TF_CONFIG.replace("10s", "20s");
        as("5104")
                .body(Map.of("Config", changed))
                .patch(base + "/httpextauth/httpextauth-tf")
                .then()
                .statusCode(200);
        awaitState("5104", id, "running");
        assertEquals(changed, as("5104").get(base).path("ExtensionProviderArray[0].Config"));
        expectError(
                as("5104").body(Map.of("Config", changed)).patch(base + "/grpcextauth/httpextauth-tf"),
                404,
                "ExtensionProvider.NotFound");

        as("5104").delete(base + "/httpextauth/httpextauth-tf").then().statusCode(200);
        awaitState("5104", id, "running");
        assertEquals(List.of(), as("5104").get(base).path("ExtensionProviderArray"));
        assertTrue(!configMap(id, "istio", "mesh").contains("extensionProviders"));
        expectError(as("5104").delete(base + "/httpextauth/httpextauth-tf"), 404, "ExtensionProvider.NotFound");
    }

    @Test
    void grantedPermissionsAreRbacOnTheMeshApiServerAndAGrantReplacesTheSet() throws Exception {
        String id = runningMesh("5105");
        String grant = "[{\"RoleName\":\"istio-ops\",\"Cluster\":\"" + id
                + "\",\"RoleType\":\"custom\",\"IsRamRole\":false,\"IsCustom\":true}]";
        as("5105")
                .body(Map.of("Permissions", grant))
                .put("/user-permissions/20112233")
                .then()
                .statusCode(200);
        Response p = as("5105").get("/user-permissions/20112233");
        assertEquals(id, p.path("Permissions[0].ResourceId"));
        assertEquals("istio-ops", p.path("Permissions[0].RoleName"));
        assertEquals("custom", p.path("Permissions[0].RoleType"));
        assertEquals(false, p.path("Permissions[0].IsRamRole"));
        assertEquals(List.of(), as("5199").get("/user-permissions/20112233").path("Permissions"), "per account");
        try (KubernetesClient k = meshApiServer(id)) {
            var binding =
                    k.rbac().clusterRoleBindings().withName("asm-user-20112233").get();
            assertEquals("istio-ops", binding.getRoleRef().getName());
            assertEquals("User", binding.getSubjects().get(0).getKind());
            assertEquals("20112233", binding.getSubjects().get(0).getName());
            assertTrue(k.rbac().clusterRoles().withName("istio-readonly").get() != null);
        }

        // A new role replaces the binding; an empty grant (Terraform's delete) revokes it.
        as("5105")
                .body(Map.of("Permissions", grant.replace("istio-ops", "istio-readonly")))
                .put("/user-permissions/20112233")
                .then()
                .statusCode(200);
        try (KubernetesClient k = meshApiServer(id)) {
            assertEquals(
                    "istio-readonly",
                    k.rbac()
                            .clusterRoleBindings()
                            .withName("asm-user-20112233")
                            .get()
                            .getRoleRef()
                            .getName());
        }
        as("5105")
                .body(Map.of("Permissions", "[]"))
                .put("/user-permissions/20112233")
                .then()
                .statusCode(200);
        assertEquals(List.of(), as("5105").get("/user-permissions/20112233").path("Permissions"));
        try (KubernetesClient k = meshApiServer(id)) {
            assertNull(
                    k.rbac().clusterRoleBindings().withName("asm-user-20112233").get());
        }

        expectError(
                as("5199").body(Map.of("Permissions", grant)).put("/user-permissions/20112233"),
                404,
                "ServiceMesh.NotFound");
        expectError(
                as("5105")
                        .body(Map.of("Permissions", grant.replace("istio-ops", "cluster-admin")))
                        .put("/user-permissions/20112233"),
                400,
                "InvalidParameter");
        expectError(
                as("5105").body(Map.of("Permissions", "{\"RoleName\":1}")).put("/user-permissions/20112233"),
                400,
                "InvalidParameter");
    }
}
