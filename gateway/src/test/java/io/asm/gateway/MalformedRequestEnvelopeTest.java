package io.asm.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.devkit.PostgresResource;
import io.asm.gateway.edge.EdgeListener;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests that are not even HTTP, or that HTTP refuses before any action runs, still get the official envelope
 * with a fitting status from the public listener, never a bare status or a silently closed connection.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class MalformedRequestEnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EdgeListener edge;

    static JsonNode expectEnvelope(RawHttp.Answer answer, int status, String code, String what) throws Exception {
        assertEquals(status, answer.status(), what + " -> " + answer);
        assertEquals("application/json;charset=utf-8", answer.headers().get("content-type"), what);
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(code, body.path("Code").asText(), what + " -> " + answer.body());
        assertEquals(
                answer.headers().get("x-acs-request-id"), body.path("RequestId").asText(), what);
        assertEquals("servicemesh.aliyuncs.com", body.path("HostId").asText(), what);
        assertTrue(body.path("Recommend").asText().contains("q=" + code), what);
        assertTrue(!body.path("Message").asText().isEmpty(), what);
        return body;
    }

    @Test
    void everyMalformedRequestGetsTheEnvelope() throws Exception {
        int port = edge.port().get(30, TimeUnit.SECONDS);
        Map<String, String> cases = new LinkedHashMap<>(); // request → "status Code"
        cases.put("GET /?% HTTP/1.1\r\nHost: x\r\n\r\n", "400 InvalidParameter");
        cases.put("GET /?Action=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "400 InvalidParameter");
        cases.put("GET /x%0D%0A#&<'\"q HTTP/1.1\r\nHost: x\r\n\r\n", "400 InvalidParameter");
        cases.put("GET /?Action=%C3 HTTP/1.1\r\nHost: x\r\n\r\n", "400 InvalidParameter");
        cases.put("GET /?a b c HTTP/1.1\r\nHost: x\r\n\r\n", "400 InvalidParameter");
        cases.put("GARBAGE\r\n\r\n", "400 InvalidParameter");
        cases.put("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", "400 InvalidParameter");
        cases.put("GET / HTTP/1.1\r\nHost: x\r\nX-Odd: a\u0001b\u007f\r\n\r\n", "400 InvalidParameter");
        cases.put(
                "POST / HTTP/1.1\r\nHost: x\r\nNul\u0000Name: y\r\nContent-Length: 0\r\n\r\n", "400 InvalidParameter");
        cases.put("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n", "400 InvalidParameter");
        cases.put("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(30_000) + "\r\n\r\n", "431 InvalidParameter");
        cases.put("GET /?" + "a".repeat(300_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "414 InvalidParameter");
        cases.put("GET / HTTP/1.1\r\n\r\n", "400 InvalidParameter"); // no Host
        cases.put("GET x HTTP/1.1\r\nHost: x\r\n\r\n", "404 NotFound");
        cases.put("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n", "413 InvalidParameter");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String what =
                    c.getKey().substring(0, Math.min(60, c.getKey().length())).replace("\r\n", "|");
            RawHttp.Answer answer = RawHttp.exchange(port, c.getKey().getBytes(StandardCharsets.ISO_8859_1), 10_000);
            String[] expected = c.getValue().split(" ");
            expectEnvelope(answer, Integer.parseInt(expected[0]), expected[1], what);
        }
        // The message says what was wrong, without echoing the request.
        JsonNode big = expectEnvelope(
                RawHttp.exchange(
                        port,
                        cases.keySet().stream()
                                .filter(k -> k.contains("X-Big"))
                                .findFirst()
                                .orElseThrow()
                                .getBytes(StandardCharsets.ISO_8859_1),
                        10_000),
                431,
                "InvalidParameter",
                "X-Big");
        assertEquals(
                "The request header fields are too large.", big.path("Message").asText());
    }

    @Test
    void wellFormedRequestsPassThroughThePublicListener() throws Exception {
        int port = edge.port().get(30, TimeUnit.SECONDS);
        RawHttp.Answer ok = RawHttp.exchange(
                port,
                RawHttp.request(
                        "GET", "/?" + Signed.query(NegativeCasesTest.detail(), "testsecret"), Map.of(), new byte[0]),
                10_000);
        assertEquals(200, ok.status(), ok.body());
        assertEquals(
                "running",
                JSON.readTree(ok.body())
                        .path("ServiceMesh")
                        .path("ServiceMeshInfo")
                        .path("State")
                        .asText());
        RawHttp.Answer unsigned = RawHttp.exchange(
                port, RawHttp.request("GET", "/?Action=DescribeServiceMeshDetail", Map.of(), new byte[0]), 10_000);
        expectEnvelope(unsigned, 400, "MissingAccessKeyId", "unsigned");
        RawHttp.Answer health =
                RawHttp.exchange(port, RawHttp.request("GET", "/q/health/ready", Map.of(), new byte[0]), 10_000);
        assertEquals(200, health.status(), health.body());
    }
}
