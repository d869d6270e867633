package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Terraform provider's calls for {@code alicloud_service_mesh_service_mesh} (and its data sources, extension
 * provider and user permission), in its order and placed as it sends them: RPC v1 POST, the common parameters in the
 * query, the action's parameters as a form body, the signature over both. Every field Read takes is asserted with its
 * type, since the provider's {@code d.Set} refuses a value of the wrong one.
 */
@ExtendWith(SharedSuite.class)
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerraformReplayE2ETest {

    static final String OLD = "v1.30.5.1-ga795090b-aliyun";
    static final String NEW = "v1.31.0.1-g3d5f93b8-aliyun";
    static final JsonNodeType STRING = JsonNodeType.STRING;
    static final JsonNodeType BOOL = JsonNodeType.BOOLEAN;
    static final JsonNodeType NUMBER = JsonNodeType.NUMBER;
    static final JsonNodeType ARRAY = JsonNodeType.ARRAY;
    static final JsonNodeType OBJECT = JsonNodeType.OBJECT;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    RunningSuite running;

    @BeforeAll
    void up(RunningSuite shared) {
        running = shared;
    }

    record Reply(int status, JsonNode body) {}

    /** One call as the provider's RpcPost (or RpcGet, all in the query) sends it. */
    Reply send(String method, String action, Map<String, String> query, Map<String, String> body) throws Exception {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("RegionId", "cn-hangzhou"); // the provider puts it in the query of most calls; harmless on the rest
        String signed = RpcV1Signer.signSplit(
                method, action, running.endpoint.accessKeyId(), running.endpoint.accessKeySecret(), q, body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.endpoint.url() + "/?" + signed));
        if (method.equals("POST")) {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(RpcV1Signer.form(body)));
        } else {
            b.GET();
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), json.readTree(r.body()));
    }

    /** The call succeeds as the provider judges it: 200, and no error Code with a Message in the body. */
    JsonNode ok(String method, String action, Map<String, String> query, Map<String, String> body) throws Exception {
        Reply r = send(method, action, query, body);
        assertEquals(200, r.status(), action + ": " + r.body());
        String code = r.body().path("Code").asText("");
        boolean success = Set.of("", "success", "ok", "200", "0").contains(code.toLowerCase());
        assertTrue(success || r.body().path("Message").asText("").isEmpty(), action + " carries an error: " + r.body());
        return r.body();
    }

    JsonNode post(String action, Map<String, String> body) throws Exception {
        return ok("POST", action, Map.of(), body);
    }

    /** The node at {@code path} (dots, numbers index arrays), asserted to be of {@code type}. */
    static JsonNode typed(JsonNode root, String path, JsonNodeType type) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = part.matches("\\d+") ? n.path(Integer.parseInt(part)) : n.path(part);
        }
        assertEquals(type, n.getNodeType(), path + " in " + root);
        return n;
    }

    /** Every path listed in a resource file of terraform/ has the JSON type given there. */
    static void typedAll(JsonNode root, String resource) throws IOException {
        Properties types = resource(resource);
        for (String path : types.stringPropertyNames()) {
            typed(root, path, JsonNodeType.valueOf(types.getProperty(path)));
        }
    }

    /** A request's parameters, kept as a resource file of terraform/. */
    static Map<String, String> form(String resource) throws IOException {
        Map<String, String> form = new TreeMap<>();
        resource(resource).forEach((k, v) -> form.put((String) k, (String) v));
        return form;
    }

    static Properties resource(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TerraformReplayE2ETest.class.getResourceAsStream("/terraform/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    static String text(JsonNode root, String path) {
        return typed(root, path, STRING).asText();
    }

    static boolean bool(JsonNode root, String path) {
        return typed(root, path, BOOL).asBoolean();
    }

    JsonNode detail(String id) throws Exception {
        return post("DescribeServiceMeshDetail", Map.of("ServiceMeshId", id));
    }

    /** The provider's state refresh: DescribeServiceMeshDetail until $.ServiceMeshInfo.State is running. */
    JsonNode awaitRunning(String id) {
        return Awaitility.await("mesh " + id + " to run")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> detail(id), d -> "running".equals(text(d, "ServiceMesh.ServiceMeshInfo.State")));
    }

    /** Read: the detail, the Kiali configuration, the tags and the kubeconfig, each field of its type. */
    JsonNode read(String id) throws Exception {
        JsonNode d = detail(id).path("ServiceMesh");
        typedAll(d, "describe-service-mesh-detail.types");

        JsonNode k = post("DescribeKialiConfiguration", Map.of("ServiceMeshId", id));
        typedAll(k, "describe-kiali-configuration.types");

        JsonNode tags =
                ok("POST", "ListTagResources", Map.of(), Map.of("ResourceId.1", id, "ResourceType", "servicemesh"));
        typed(tags, "TagResources", ARRAY);
        JsonNode kc = ok(
                "POST",
                "DescribeServiceMeshKubeconfig",
                Map.of("ServiceMeshId", id),
                Map.of("PrivateIpAddress", "true"));
        assertTrue(text(kc, "Kubeconfig").contains("apiVersion"), kc.toString());
        return json.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("Detail", d)
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("Kiali", k)
                .set("Tags", tags);
    }

    static Map<String, String> tagsOf(JsonNode state) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : typed(state, "Tags.TagResources", ARRAY)) {
            tags.put(text(t, "TagKey"), text(t, "TagValue"));
            assertEquals("servicemesh", text(t, "ResourceType"));
        }
        return tags;
    }

    @Test
    void theProvidersMeshResourceFromCreateToDestroy() throws Exception {
        // Create: the provider's full parameter set, RegionId in the query, the tags as Tags.N.
        Map<String, String> create = form("create-service-mesh.form");
        create.put("IstioVersion", OLD);
        String id = text(ok("POST", "CreateServiceMesh", Map.of(), create), "ServiceMeshId");
        awaitRunning(id);
        // Create ends in Update: cluster_ids = ["local-dp-1"] joins that cluster.
        post("AddClusterIntoServiceMesh", Map.of("ServiceMeshId", id, "ClusterId", "local-dp-1"));
        awaitClusters(id, List.of("local-dp-1"));

        JsonNode s = read(id);
        JsonNode d = s.path("Detail");
        assertEquals("tf-replay", text(d, "ServiceMeshInfo.Name"));
        assertEquals(OLD, text(d, "ServiceMeshInfo.Version"));
        assertEquals("Pro", text(d, "ServiceMeshInfo.Profile"));
        assertEquals("enterprise", text(d, "ClusterSpec"));
        assertEquals("vpc-local-a", text(d, "Spec.Network.VpcId"));
        assertEquals("vsw-local-a", text(d, "Spec.Network.VSwitches.0"));
        assertEquals(50, typed(d, "Spec.MeshConfig.Pilot.TraceSampling", NUMBER).asDouble());
        assertTrue(bool(d, "Spec.MeshConfig.Tracing"));
        assertTrue(bool(d, "Spec.MeshConfig.Telemetry"));
        assertTrue(bool(d, "Spec.MeshConfig.OPA.Enabled"));
        assertEquals("512Mi", text(d, "Spec.MeshConfig.OPA.LimitMemory"));
        assertEquals("2000m", text(d, "Spec.MeshConfig.Proxy.LimitCPU"));
        assertEquals("cluster.local", text(d, "Spec.MeshConfig.Proxy.ClusterDomain"));
        assertTrue(bool(d, "Spec.MeshConfig.AccessLog.Enabled"));
        assertEquals("tf-access", text(d, "Spec.MeshConfig.AccessLog.Project"));
        assertFalse(bool(d, "Spec.MeshConfig.Audit.Enabled"));
        assertEquals("local-dp-1", text(d, "Clusters.0"));
        assertEquals(Map.of("team", "payments", "env", "dev"), tagsOf(s));

        // Update, each call followed by the provider's wait for running.
        post(
                "UpdateMeshFeature",
                Map.of(
                        "ServiceMeshId", id,
                        "Tracing", "true",
                        "TraceSampling", "80",
                        "OutboundTrafficPolicy", "REGISTRY_ONLY",
                        "EnableNamespacesByDefault", "false",
                        "Http10Enabled", "true",
                        "AccessLogGatewayEnabled", "true",
                        "AccessLogGatewayLifecycle", "7",
                        "CustomizedPrometheus", "false",
                        "ClusterSpec", "enterprise"));
        awaitRunning(id);
        post("UpdateMeshCRAggregation", Map.of("ServiceMeshId", id, "Enabled", "true"));
        awaitRunning(id);
        post(
                "UpgradeMeshEditionPartially",
                Map.of("ServiceMeshId", id, "ExpectedVersion", NEW, "ASMGatewayContinue", "false"));
        awaitRunning(id);
        post(
                "UpdateControlPlaneLogConfig",
                Map.of("ServiceMeshId", id, "Enabled", "true", "Project", "tf-cp", "LogTTLInDay", "30"));
        awaitRunning(id);
        post("ModifyServiceMeshName", Map.of("ServiceMeshId", id, "Name", "tf-renamed"));
        awaitRunning(id);
        post(
                "UpdateKialiConfiguration",
                Map.of(
                        "ServiceMeshId", id,
                        "Enabled", "true",
                        "ServerConfig", "{\"WebFQDN\":\"kiali.example.com\",\"WebPort\":443,\"WebSchema\":\"https\"}"));
        awaitRunning(id);
        post("UntagResources", Map.of("ResourceId.1", id, "ResourceType", "servicemesh", "TagKey.1", "env"));
        post(
                "TagResources",
                Map.of("ResourceId.1", id, "ResourceType", "servicemesh", "Tag.1.Key", "owner", "Tag.1.Value", "sre"));
        post("RemoveClusterFromServiceMesh", Map.of("ServiceMeshId", id, "ClusterId", "local-dp-1"));
        awaitClusters(id, List.of());
        post("AddClusterIntoServiceMesh", Map.of("ServiceMeshId", id, "ClusterId", "local-dp-2"));
        awaitClusters(id, List.of("local-dp-2"));
        post("ModifyPilotEipResource", Map.of("ServiceMeshId", id, "EipId", "eip-tf", "Operation", "BindEip"));
        awaitRunning(id);

        s = read(id);
        d = s.path("Detail");
        assertEquals("tf-renamed", text(d, "ServiceMeshInfo.Name"));
        assertEquals(NEW, text(d, "ServiceMeshInfo.Version"));
        assertEquals(80, typed(d, "Spec.MeshConfig.Pilot.TraceSampling", NUMBER).asDouble());
        assertEquals("REGISTRY_ONLY", text(d, "Spec.MeshConfig.OutboundTrafficPolicy"));
        assertFalse(bool(d, "Spec.MeshConfig.SidecarInjector.EnableNamespacesByDefault"));
        assertTrue(bool(d, "Spec.MeshConfig.Pilot.Http10Enabled"));
        assertTrue(bool(d, "Spec.MeshConfig.ExtraConfiguration.AccessLogExtraConf.GatewayEnabled"));
        assertEquals(
                7,
                typed(d, "Spec.MeshConfig.ExtraConfiguration.AccessLogExtraConf.GatewayLifecycle", NUMBER)
                        .asInt());
        assertTrue(bool(d, "Spec.MeshConfig.ExtraConfiguration.CRAggregationConfiguration.Enabled"));
        assertTrue(bool(d, "Spec.MeshConfig.ControlPlaneLogInfo.Enabled"));
        assertEquals("tf-cp", text(d, "Spec.MeshConfig.ControlPlaneLogInfo.Project"));
        assertEquals(
                30,
                typed(d, "Spec.MeshConfig.ControlPlaneLogInfo.LogTTL", NUMBER).asInt());
        assertEquals("eip-tf", text(d, "Spec.LoadBalancer.PilotPublicEipId"));
        assertEquals("local-dp-2", text(d, "Clusters.0"));
        assertTrue(bool(s.path("Kiali"), "Enabled"));
        assertEquals("kiali.example.com", text(s.path("Kiali"), "ServerConfig.WebFQDN"));
        assertEquals(443, typed(s.path("Kiali"), "ServerConfig.WebPort", NUMBER).asInt());
        assertEquals(Map.of("team", "payments", "owner", "sre"), tagsOf(s));
        post("ModifyPilotEipResource", Map.of("ServiceMeshId", id, "EipId", "eip-tf", "Operation", "UnBindEip"));
        assertEquals("", text(awaitRunning(id), "ServiceMesh.Spec.LoadBalancer.PilotPublicEipId"));

        // The data sources: RpcGet, everything in the query.
        JsonNode meshes = ok("GET", "DescribeServiceMeshes", Map.of(), Map.of());
        JsonNode mine = null;
        for (JsonNode m : typed(meshes, "ServiceMeshes", ARRAY)) {
            if (id.equals(text(m, "ServiceMeshInfo.ServiceMeshId"))) {
                mine = m;
            }
        }
        assertTrue(mine != null, meshes.toString());
        assertEquals("tf-renamed", text(mine, "ServiceMeshInfo.Name"));
        assertEquals("running", text(mine, "ServiceMeshInfo.State"));
        assertEquals(NEW, text(mine, "ServiceMeshInfo.Version"));
        typedAll(mine, "describe-service-meshes.types");
        JsonNode versions = ok("GET", "DescribeVersions", Map.of(), Map.of());
        JsonNode first = typed(versions, "VersionInfo", ARRAY).path(0);
        typed(first, "Edition", STRING);
        typed(first, "Versions", ARRAY);
        assertTrue(versions.toString().contains(NEW), versions.toString());

        // alicloud_service_mesh_extension_provider: create, read (by type), update, delete. Each changes the mesh's
        // config (the mesh is updating a moment) and is a separate apply, after the mesh runs again: the provider
        // does not retry IncorrectStatus.ServiceMesh.
        String config =
                "{\"port\":4180,\"service\":\"oauth2proxy.istio-system.svc.cluster.local\",\"timeout\":\"10s\"}";
        post(
                "CreateExtensionProvider",
                Map.of("ServiceMeshId", id, "Type", "httpextauth", "Name", "tf-ext", "Config", config));
        awaitRunning(id);
        JsonNode providers = post("DescribeExtensionProvider", Map.of("ServiceMeshId", id, "Type", "httpextauth"));
        assertEquals("tf-ext", text(providers, "ExtensionProviderArray.0.Name"));
        assertEquals("httpextauth", text(providers, "ExtensionProviderArray.0.Type"));
        assertEquals(config, text(providers, "ExtensionProviderArray.0.Config"));
        String changed = config.replace("10s", "20s");
        post(
                "UpdateExtensionProvider",
                Map.of("ServiceMeshId", id, "Type", "httpextauth", "Name", "tf-ext", "Config", changed));
        awaitRunning(id);
        assertEquals(
                changed,
                text(
                        post("DescribeExtensionProvider", Map.of("ServiceMeshId", id, "Type", "httpextauth")),
                        "ExtensionProviderArray.0.Config"));
        post("DeleteExtensionProvider", Map.of("ServiceMeshId", id, "Type", "httpextauth", "Name", "tf-ext"));
        awaitRunning(id);
        assertEquals(
                0,
                typed(
                                post("DescribeExtensionProvider", Map.of("ServiceMeshId", id, "Type", "httpextauth")),
                                "ExtensionProviderArray",
                                ARRAY)
                        .size());

        // alicloud_service_mesh_user_permission: grant, read, revoke (an empty grant).
        String grant = "[{\"RoleName\":\"istio-readonly\",\"Cluster\":\"" + id
                + "\",\"RoleType\":\"custom\",\"IsRamRole\":false,\"IsCustom\":true}]";
        post("GrantUserPermissions", Map.of("SubAccountUserId", "20112233", "Permissions", grant));
        JsonNode perms = post("DescribeUserPermissions", Map.of("SubAccountUserId", "20112233"));
        assertEquals(id, text(perms, "Permissions.0.ResourceId"));
        assertEquals("istio-readonly", text(perms, "Permissions.0.RoleName"));
        assertEquals("custom", text(perms, "Permissions.0.RoleType"));
        assertFalse(bool(perms, "Permissions.0.IsRamRole"));
        post("GrantUserPermissions", Map.of("SubAccountUserId", "20112233", "Permissions", "[]"));
        assertEquals(
                0,
                typed(post("DescribeUserPermissions", Map.of("SubAccountUserId", "20112233")), "Permissions", ARRAY)
                        .size());

        // Delete: the clusters leave first, then the provider polls until ServiceMesh.NotFound.
        post("RemoveClusterFromServiceMesh", Map.of("ServiceMeshId", id, "ClusterId", "local-dp-2"));
        awaitClusters(id, List.of());
        post("DeleteServiceMesh", Map.of("ServiceMeshId", id, "Force", "false"));
        Reply gone = Awaitility.await("mesh " + id + " to be deleted")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> send("POST", "DescribeServiceMeshDetail", Map.of(), Map.of("ServiceMeshId", id)),
                        r -> r.status() != 200);
        assertEquals(404, gone.status(), gone.body().toString());
        assertEquals("ServiceMesh.NotFound", text(gone.body(), "Code"));
    }

    void awaitClusters(String id, List<String> clusters) {
        Awaitility.await("clusters of " + id + " to be " + clusters)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode d = awaitRunning(id);
                    return clusters.equals(json.convertValue(typed(d, "ServiceMesh.Clusters", ARRAY), List.class));
                });
    }
}
