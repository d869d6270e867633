package io.asm.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.gateway.edge.EdgeListener;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No input, however malformed, gets a 5xx or a hang: every answer is a 4xx in the official envelope. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class MalformedInputTest {

    @Inject
    EdgeListener edge;

    @Test
    void aBatchOfHostileRequests() throws Exception {
        String valid = Signed.query(NegativeCasesTest.detail(), "testsecret");
        byte[] binary = new byte[4096];
        new Random(7).nextBytes(binary);
        List<Raw> requests = new ArrayList<>();
        for (String q : List.of(
                "%",
                "%zz=1",
                "Action=%E2%28%A1",
                "a=%C3",
                "&&&==&",
                "Action=DescribeServiceMeshDetail&Action=X",
                "AccessKeyId=testid&AccessKeyId=other",
                valid + "&ServiceMeshId=other",
                valid.replace("Signature=", "Signature=%"),
                "x=" + "A".repeat(60_000),
                "p=1&".repeat(500),
                valid.replace("Timestamp=", "Timestamp=%00"),
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
        requests.add(new Raw(
                "GET",
                "/",
                Map.of(
                        "Authorization",
                        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=,Signature=x",
                        "x-acs-date",
                        "yesterday"),
                new byte[0]));
        requests.add(new Raw(
                "GET",
                "/",
                Map.of(
                        "Authorization",
                        "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=x-acs-date;x-acs-signature-nonce,Signature=x",
                        "x-acs-date",
                        Instant.now().toString(),
                        "x-acs-signature-nonce",
                        "n"),
                new byte[0]));
        requests.add(new Raw("GET", "/", Map.of("x-acs-action", "DescribeServiceMeshDetail"), new byte[0]));
        requests.add(new Raw("PUT", "/", Map.of(), "x".getBytes(StandardCharsets.UTF_8)));

        int port = edge.port().get(30, TimeUnit.SECONDS);
        for (Raw request : requests) {
            String what = request.method() + " "
                    + request.target()
                            .substring(0, Math.min(100, request.target().length()));
            RawHttp.Answer answer = RawHttp.exchange(
                    port,
                    RawHttp.request(request.method(), request.target(), request.headers(), request.body()),
                    10_000);
            assertTrue(answer.status() >= 400 && answer.status() < 500, what + " -> " + answer);
            // Even a target that is not an RFC 3986 URI gets the envelope from the public listener.
            assertTrue(answer.body().contains("\"Code\":\""), what + " -> " + answer);
            assertEquals("application/json;charset=utf-8", answer.headers().get("content-type"), what);
        }
        // And the gateway still serves a valid call afterwards.
        assertEquals(
                200,
                given().urlEncodingEnabled(false)
                        .get("/?" + Signed.query(NegativeCasesTest.detail(), "testsecret"))
                        .statusCode());
    }

    record Raw(String method, String target, Map<String, String> headers, byte[] body) {}
}
