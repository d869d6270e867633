package io.asm.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PackagedAppResource;
import io.asm.devkit.PackagedServiceTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway (jar, or native executable in the native profile): health on Quarkus's listener, and a signed
 * call through its own public listener, checked against the administrator key it created from configuration.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(PackagedAppResource.class)
@QuarkusTestResource(GatewayIT.Edge.class)
class GatewayIT extends PackagedServiceTest {

    static final String KEY_ID = "it-admin";
    static final String SECRET = "it-secret-0123456789";

    /** The public listener's port and the bootstrap administrator key, as a deployment sets them. */
    public static class Edge implements QuarkusTestResourceLifecycleManager {
        static int port;

        @Override
        public Map<String, String> start() {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "ASM_GATEWAY_PORT",
                    String.valueOf(port),
                    "ASM_BOOTSTRAP_ACCESS_KEY_ID",
                    KEY_ID,
                    "ASM_BOOTSTRAP_ACCESS_KEY_SECRET",
                    SECRET);
        }

        @Override
        public void stop() {}
    }

    static Response edge(TreeMap<String, String> params, String secret) {
        return given().port(Edge.port).urlEncodingEnabled(false).get("/?" + Signed.query(params, secret));
    }

    @Test
    void signedCallsAreCheckedAndAnsweredWithTheOfficialEnvelope() {
        Response missing = edge(Signed.common("DescribeServiceMeshDetail", KEY_ID), SECRET);
        assertEquals(400, missing.statusCode(), missing.asString());
        assertEquals("MissingServiceMeshId", missing.path("Code"));
        assertEquals("servicemesh.aliyuncs.com", missing.path("HostId"));
        assertEquals(missing.header("x-acs-request-id"), missing.path("RequestId"));

        TreeMap<String, String> detail = Signed.common("DescribeServiceMeshDetail", KEY_ID);
        detail.put("ServiceMeshId", "c08ba3fd1e6484b0f8cc1ad8fe10d1234");
        Response forged = edge(detail, "not-the-secret");
        assertEquals(400, forged.statusCode(), forged.asString());
        assertEquals("SignatureDoesNotMatch", forged.path("Code"));
        assertTrue(((String) forged.path("Recommend")).contains("q=SignatureDoesNotMatch"), forged.asString());
    }
}
