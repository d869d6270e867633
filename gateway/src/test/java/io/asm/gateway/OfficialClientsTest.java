package io.asm.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.servicemesh.model.v20200111.CreateServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.CreateServiceMeshResponse;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClustersInServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailResponse;
import com.aliyuncs.servicemesh.model.v20200111.GetVmMetaRequest;
import com.aliyuncs.servicemesh.model.v20200111.GetVmMetaResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.AsmHeaders;
import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway as the official Alibaba clients see it, in front of stand-in services. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class OfficialClientsTest {

    static final String MESH = "c08ba3fd1e6484b0f8cc1ad8fe10d1234";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL url;

    String endpoint() {
        return url.getHost() + ":" + url.getPort();
    }

    <T extends AcsResponse> T core(AcsRequest<T> request, String key, String secret) throws ClientException {
        request.setSysEndpoint(endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", key, secret)).getAcsResponse(request);
    }

    Client tea(String signatureAlgorithm) throws Exception {
        Config config = new Config()
                .setAccessKeyId("testid")
                .setAccessKeySecret("testsecret")
                .setEndpoint(endpoint())
                .setProtocol("http")
                .setRegionId("cn-shanghai");
        if (signatureAlgorithm != null) {
            config.setSignatureAlgorithm(signatureAlgorithm);
        }
        return new Client(config);
    }

    static Params params(String action, String method) {
        return new Params()
                .setAction(action)
                .setVersion("2020-01-11")
                .setProtocol("HTTP")
                .setMethod(method)
                .setAuthType("AK")
                .setStyle("RPC")
                .setPathname("/")
                .setReqBodyType("formData")
                .setBodyType("json");
    }

    @Test
    void coreSdkPostParsesEveryFieldOfTheMeshDetail() throws Exception {
        DescribeServiceMeshDetailRequest request = new DescribeServiceMeshDetailRequest();
        request.setServiceMeshId(MESH);
        DescribeServiceMeshDetailResponse r = core(request, "testid", "testsecret");
        assertTrue(r.getRequestId().matches("[0-9A-F-]{36}"), r.getRequestId());
        var mesh = r.getServiceMesh();
        assertEquals(List.of("c1a2b3", "c4d5e6"), mesh.getClusters());
        assertEquals("running", mesh.getServiceMeshInfo().getState());
        assertEquals("v1.22.6.71-g3b7b5b62-aliyun", mesh.getServiceMeshInfo().getVersion());
        assertEquals(42.5f, mesh.getSpec().getMeshConfig().getPilot().getTraceSampling());
        assertEquals(List.of("vsw-a", "vsw-b"), mesh.getSpec().getNetwork().getVSwitches());
        assertEquals("512Mi", mesh.getSpec().getMeshConfig().getOPA().getRequestMemory());
        assertTrue(mesh.getSpec().getMeshConfig().getEnableLocalityLB());

        // What the owning service received: the route, the principal, the token.
        StandInServices.Call call = StandInServices.last;
        assertEquals("GET", call.method());
        assertEquals("/meshes/" + MESH, call.path());
        assertEquals("cn-hangzhou", call.headers().get(AsmHeaders.REGION_ID.toLowerCase()));
        assertEquals(r.getRequestId(), call.headers().get(AsmHeaders.REQUEST_ID.toLowerCase()));
        assertEquals("test-internal-token-0123456789", call.headers().get(AsmHeaders.INTERNAL_TOKEN.toLowerCase()));
        assertTrue(call.headers().get(AsmHeaders.ACCOUNT_ID.toLowerCase()).matches("\\d{16}"));
    }

    @Test
    void coreSdkSendsTypedParametersThroughToTheService() throws Exception {
        CreateServiceMeshRequest request = new CreateServiceMeshRequest();
        request.setVpcId("vpc-1");
        request.setVSwitches("[\"vsw-a\"]");
        request.setName("demo");
        request.setTracing(true);
        request.setTraceSampling(50f);
        request.setOPALimitCPU("2");
        CreateServiceMeshResponse r = core(request, "testid", "testsecret");
        assertEquals("c0123456789abcdef0123456789abcdef", r.getServiceMeshId());
        JsonNode sent = JSON.readTree(StandInServices.last.body());
        assertEquals("POST", StandInServices.last.method());
        assertEquals("/meshes", StandInServices.last.path());
        assertTrue(sent.get("Tracing").isBoolean() && sent.get("Tracing").asBoolean());
        assertEquals(50.0, sent.get("TraceSampling").asDouble());
        assertEquals("cn-hangzhou", sent.get("RegionId").asText());
        assertEquals("[\"vsw-a\"]", sent.get("VSwitches").asText());
        assertFalse(sent.has("AccessKeyId"), "common parameters must not leak to services");
    }

    @Test
    void coreSdkGetIsAccepted() throws Exception {
        GetVmMetaRequest request = new GetVmMetaRequest();
        request.setServiceMeshId(MESH);
        request.setNamespace("hello");
        request.setServiceAccount("http-sa");
        GetVmMetaResponse r = core(request, "testid", "testsecret");
        assertEquals("/var/run/secrets/istio/root-cert.pem", r.getVmMetaInfo().getRootCertPath());
        assertEquals("CANONICAL_SERVICE=http", r.getVmMetaInfo().getEnvoyEnvContent());
        assertEquals("Namespace=hello&ServiceAccount=http-sa", StandInServices.last.query());
    }

    @Test
    void teaAcs3CallApiWithBodyAndWithQuery() throws Exception {
        Map<String, ?> r = tea(null)
                .callApi(
                        params("DescribeServiceMeshDetail", "POST"),
                        new OpenApiRequest().setBody(Map.of("ServiceMeshId", MESH)),
                        new RuntimeOptions());
        assertEquals(200, r.get("statusCode"));
        Map<?, ?> body = (Map<?, ?>) r.get("body");
        Map<?, ?> mesh = (Map<?, ?>) body.get("ServiceMesh");
        assertEquals(List.of("c1a2b3", "c4d5e6"), mesh.get("Clusters"));
        // ACS3 carries no RegionId: the gateway's default region applies.
        assertEquals("cn-hangzhou", StandInServices.last.headers().get(AsmHeaders.REGION_ID.toLowerCase()));

        // Query parameters and an empty (chunked) body, as the Tea engine sends DescribeServiceMeshKubeconfig.
        Map<String, ?> k = tea(null)
                .callApi(
                        params("DescribeServiceMeshKubeconfig", "POST"),
                        new OpenApiRequest().setQuery(Map.of("ServiceMeshId", MESH, "PrivateIpAddress", "true")),
                        new RuntimeOptions());
        assertEquals("apiVersion: v1\nkind: Config\n", ((Map<?, ?>) k.get("body")).get("Kubeconfig"));
        assertEquals("/meshes/" + MESH + "/kubeconfig", StandInServices.last.path());
        assertEquals("PrivateIpAddress=true", StandInServices.last.query());
    }

    @Test
    void teaSignatureV2IsAccepted() throws Exception {
        Map<String, ?> r = tea("v2")
                .callApi(
                        params("DescribeServiceMeshDetail", "POST"),
                        new OpenApiRequest().setBody(Map.of("ServiceMeshId", MESH)),
                        new RuntimeOptions());
        assertEquals(
                "running",
                ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) r.get("body")).get("ServiceMesh")).get("ServiceMeshInfo"))
                        .get("State"));
    }

    @Test
    void coreSdkSeesOfficialErrorCodes() {
        DescribeServiceMeshDetailRequest unknownKey = new DescribeServiceMeshDetailRequest();
        unknownKey.setServiceMeshId(MESH);
        ClientException e1 = assertThrows(ClientException.class, () -> core(unknownKey, "nosuchkey", "x"));
        assertEquals("InvalidAccessKeyId.NotFound", e1.getErrCode());

        // Wrong secret: our string-to-sign equals the SDK's, so the SDK recognises a bad secret.
        DescribeServiceMeshDetailRequest wrongSecret = new DescribeServiceMeshDetailRequest();
        wrongSecret.setServiceMeshId(MESH);
        ClientException e2 = assertThrows(ClientException.class, () -> core(wrongSecret, "testid", "wrong"));
        assertEquals("SDK.InvalidAccessKeySecret", e2.getErrCode());

        DescribeServiceMeshDetailRequest missing = new DescribeServiceMeshDetailRequest();
        ClientException e3 = assertThrows(ClientException.class, () -> core(missing, "testid", "testsecret"));
        assertEquals("MissingServiceMeshId", e3.getErrCode());

        DescribeServiceMeshDetailRequest notFound = new DescribeServiceMeshDetailRequest();
        notFound.setServiceMeshId(StandInServices.MISSING_MESH);
        ClientException e4 = assertThrows(ClientException.class, () -> core(notFound, "testid", "testsecret"));
        assertEquals("ServiceMesh.NotFound", e4.getErrCode());
        assertEquals("The Service Mesh cluster does not exist.", e4.getErrMsg());

        // cluster-service is down in this test: a bounded, official answer.
        DescribeClustersInServiceMeshRequest down = new DescribeClustersInServiceMeshRequest();
        down.setServiceMeshId(MESH);
        ServerException e5 = assertThrows(ServerException.class, () -> core(down, "testid", "testsecret"));
        assertEquals("ServiceUnavailable", e5.getErrCode());
    }

    @Test
    void teaSeesStatusAndCode() throws Exception {
        TeaException e = assertThrows(
                TeaException.class,
                () -> tea(null)
                        .callApi(
                                params("DescribeServiceMeshDetail", "POST"),
                                new OpenApiRequest().setBody(Map.of("ServiceMeshId", StandInServices.MISSING_MESH)),
                                new RuntimeOptions()));
        assertEquals("ServiceMesh.NotFound", e.getCode());
        assertEquals(404, ((Map<?, ?>) e.getData()).get("statusCode"));
        assertNotNull(((Map<?, ?>) e.getData()).get("RequestId"));
    }
}
