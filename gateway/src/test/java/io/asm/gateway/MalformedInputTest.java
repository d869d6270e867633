package io.asm.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** No input, however malformed, gets a 5xx or a hang: every answer is a 4xx in the official envelope. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class MalformedInputTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void aBatchOfHostileRequests() throws Exception {
        String valid = Signed.query(NegativeCasesTest.detail(), "testsecret");
        byte[] binary = new byte[4096];
        new Random(7).nextBytes(binary);
        List<Raw> requests = new ArrayList<>();
        for (String q : List.of("%", "%zz=1", "Action=%E2%28%A1", "a=%C3", "&&&==&", "Action=DescribeServiceMeshDetail&Action=X",
                "AccessKeyId=testid&AccessKeyId=other", valid + "&ServiceMeshId=other", valid.replace("Signature=", "Signature=%"),
                "x=" + "A".repeat(60_000), "p=1&".repeat(500), valid.replace("Timestamp=", "Timestamp=%00"),
                "Action=DescribeServiceMeshDetail&Version=2020-01-11&AccessKeyId=" + "k".repeat(5000))) {
            requests.add(new Raw("GET", "/?" + q, Map.of(), new byte[0]));
        }
        // Correctly signed, but with nonces PostgreSQL cannot store or the gateway will not keep.
        for (String nonce : List.of("n\u0000ul", "tab\tbed", "x".repeat(129))) {
            var params = NegativeCasesTest.detail();
            params.put("SignatureNonce", nonce);
            requests.add(new Raw("GET", "/?" + Signed.query(params, "testsecret"), Map.of(), new byte[0]));
        }
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        requests.add(new Raw("POST", "/", form, binary));
        requests.add(new Raw("POST", "/", Map.of("Content-Type", "application/octet-stream"), binary));
        requests.add(new Raw("POST", "/", form, ("a=" + "b".repeat(2 << 20)).getBytes(StandardCharsets.UTF_8)));
        requests.add(new Raw("POST", "/", Map.of(), new byte[0]));
        requests.add(new Raw("GET", "/", Map.of("Authorization", "ACS3-HMAC-SHA256 "), new byte[0]));
        requests.add(new Raw("GET", "/", Map.of("Authorization", "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=,Signature=x",
                "x-acs-date", "yesterday"), new byte[0]));
        requests.add(new Raw("GET", "/", Map.of("Authorization",
                "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=x-acs-date;x-acs-signature-nonce,Signature=x",
                "x-acs-date", java.time.Instant.now().toString(), "x-acs-signature-nonce", "n"), new byte[0]));
        requests.add(new Raw("GET", "/", Map.of("x-acs-action", "DescribeServiceMeshDetail"), new byte[0]));
        requests.add(new Raw("PUT", "/", Map.of(), "x".getBytes(StandardCharsets.UTF_8)));

        for (Raw request : requests) {
            String what = request.method() + " " + request.target().substring(0, Math.min(100, request.target().length()));
            String response = request.send(url.getHost(), url.getPort());
            int status = Integer.parseInt(response.substring(9, 12));
            assertTrue(status >= 400 && status < 500, what + " -> " + response.substring(0, Math.min(300, response.length())));
            if (isValidUri(request.target())) {
                assertTrue(response.contains("\"Code\":\""), what + " -> " + response);
            } else {
                // Not even an RFC 3986 URI: the HTTP server refuses it (400) before any application code runs.
                assertEquals(400, status, what);
            }
        }
        // And the gateway still serves a valid call afterwards.
        assertEquals(200, given().urlEncodingEnabled(false).get("/?" + Signed.query(NegativeCasesTest.detail(), "testsecret"))
                .statusCode());
    }

    static boolean isValidUri(String target) {
        try {
            new java.net.URI(target);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A request written byte for byte on a socket, so that even an invalid URI reaches the server. */
    record Raw(String method, String target, Map<String, String> headers, byte[] body) {

        String send(String host, int port) throws Exception {
            try (Socket socket = new Socket(host, port)) {
                socket.setSoTimeout(10_000);
                StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
                headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                OutputStream out = socket.getOutputStream();
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
