package io.asm.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.gateway.auth.AccessKeys;
import io.asm.gateway.auth.Nonces;
import io.asm.gateway.protocol.Acs3;
import io.asm.gateway.protocol.Percent;
import io.asm.gateway.protocol.RpcV1;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every negative case of CONTRACT.md §10, with its code and status, plus the account administration API. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInServices.class)
class NegativeCasesTest {

    static final String MESH = "c08ba3fd1e6484b0f8cc1ad8fe10d1234";

    static TreeMap<String, String> detail() {
        TreeMap<String, String> p = Signed.common("DescribeServiceMeshDetail", "testid");
        p.put("ServiceMeshId", MESH);
        return p;
    }

    static Response get(String query) {
        return given().urlEncodingEnabled(false).get("/?" + query);
    }

    static void expect(Response r, int status, String code) {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals("application/json;charset=utf-8", r.contentType());
        assertEquals(code, r.path("Code"), r.asString());
        String requestId = r.path("RequestId");
        assertEquals(requestId, r.header("x-acs-request-id"));
        assertEquals("servicemesh.aliyuncs.com", r.path("HostId"));
        assertTrue(((String) r.path("Recommend")).contains("q=" + code), r.asString());
    }

    @Test
    void signedGetSucceeds() {
        Response r = get(Signed.query(detail(), "testsecret"));
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals("running", r.path("ServiceMesh.ServiceMeshInfo.State"));
        assertEquals((String) r.path("RequestId"), r.header("x-acs-request-id"));
    }

    @Test
    void unknownAccessKey() {
        expect(
                get(Signed.query(Signed.common("DescribeServiceMeshDetail", "LTAInobody"), "x")),
                404,
                "InvalidAccessKeyId.NotFound");
    }

    @Test
    void timestampTooOldTooNewOrUnreadable() {
        TreeMap<String, String> old = detail();
        old.put(
                "Timestamp",
                Instant.now()
                        .minus(16, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        expect(get(Signed.query(old, "testsecret")), 400, "InvalidTimeStamp.Expired");
        TreeMap<String, String> future = detail();
        future.put(
                "Timestamp",
                Instant.now()
                        .plus(16, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        expect(get(Signed.query(future, "testsecret")), 400, "InvalidTimeStamp.Expired");
        TreeMap<String, String> garbled = detail();
        garbled.put("Timestamp", "2020-09-18 12:00");
        expect(get(Signed.query(garbled, "testsecret")), 400, "InvalidTimeStamp.Format");
        // Checked before the signature, as POP does: the wrong secret does not change the answer.
        expect(get(Signed.query(old, "wrong")), 400, "InvalidTimeStamp.Expired");
    }

    @Test
    void badSignatureEchoesTheServerStringToSign() {
        TreeMap<String, String> p = detail();
        Response r = get(Signed.query(p, "wrong"));
        expect(r, 400, "SignatureDoesNotMatch");
        String message = r.path("Message");
        assertTrue(
                message.startsWith(
                        "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&"),
                message);
        assertTrue(message.endsWith(RpcV1.stringToSign("GET", p, false)), message);
    }

    @Test
    void nonceReplayIsRefusedAndCheckedAfterTheSignature() {
        String query = Signed.query(detail(), "testsecret");
        assertEquals(200, get(query).statusCode());
        expect(get(query), 400, "SignatureNonceUsed");
        // A forged request reusing a nonce fails on its signature, and does not burn the nonce either.
        TreeMap<String, String> p = detail();
        expect(get(Signed.query(p, "wrong")), 400, "SignatureDoesNotMatch");
        assertEquals(200, get(Signed.query(p, "testsecret")).statusCode());
    }

    @Test
    void parametersOutsideTheSignatureDoNotCount() {
        // Empty values appended to a signed request (a Tea v2 signature leaves empties out, so the gateway accepts
        // that variant) reach no service: anyone holding the URL could have added them.
        TreeMap<String, String> update = Signed.common("UpdateMeshFeature", "testid");
        update.put("ServiceMeshId", MESH);
        update.put("Tracing", "true");
        Response tampered = get(Signed.query(update, "testsecret") + "&IncludeIPRanges=&ExcludeIPRanges=");
        assertEquals(200, tampered.statusCode(), tampered.asString());
        assertTrue(StandInServices.last.body().contains("\"Tracing\":true"), StandInServices.last.body());
        assertFalse(StandInServices.last.body().contains("IPRanges"), StandInServices.last.body());
        // The Tea v2 form itself, an empty value sent but not signed, still passes.
        TreeMap<String, String> tea = detail();
        tea.put("Signature", RpcV1.sign(RpcV1.stringToSign("GET", withEmpty(tea), true), "testsecret"));
        assertEquals(200, get(queryOf(withEmpty(tea))).statusCode());

        // An RPC v1 signature covers parameters only: without Action, a header cannot supply one.
        TreeMap<String, String> noAction = detail();
        noAction.remove("Action");
        Response r = given().urlEncodingEnabled(false)
                .header("x-acs-action", "DescribeVersions")
                .get("/?" + Signed.query(noAction, "testsecret"));
        expect(r, 400, "MissingAction");
    }

    private static TreeMap<String, String> withEmpty(TreeMap<String, String> p) {
        TreeMap<String, String> out = new TreeMap<>(p);
        out.put("ResourceGroupId", "");
        return out;
    }

    private static String queryOf(TreeMap<String, String> p) {
        StringBuilder q = new StringBuilder();
        p.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&")
                .append(Percent.encode(k))
                .append('=')
                .append(Percent.encode(v)));
        return q.toString();
    }

    @Test
    void unknownActionAndVersion() {
        expect(
                get(Signed.query(Signed.common("DescribeNothing", "testid"), "testsecret")),
                404,
                "InvalidAction.NotFound");
        TreeMap<String, String> v = detail();
        v.put("Version", "2019-01-01");
        expect(get(Signed.query(v, "testsecret")), 400, "InvalidVersion");
    }

    @Test
    void missingAndMistypedParameters() {
        expect(
                get(Signed.query(Signed.common("DescribeServiceMeshDetail", "testid"), "testsecret")),
                400,
                "MissingServiceMeshId");
        TreeMap<String, String> p = Signed.common("UpdateMeshFeature", "testid");
        p.put("ServiceMeshId", MESH);
        p.put("Tracing", "maybe");
        expect(get(Signed.query(p, "testsecret")), 400, "InvalidParameter");
        TreeMap<String, String> noSig = detail();
        expect(
                given().urlEncodingEnabled(false)
                        .get("/?" + Signed.query(noSig, "testsecret").replaceAll("&Signature=[^&]*", "")),
                400,
                "IncompleteSignature");
        TreeMap<String, String> noNonce = detail();
        noNonce.remove("SignatureNonce");
        expect(get(Signed.query(noNonce, "testsecret")), 400, "MissingSignatureNonce");
    }

    @Test
    void malformedIdentifiersAndNumbersStopAtTheGateway() {
        StandInServices.last = null;
        TreeMap<String, String> page = Signed.common("DescribeServiceMeshes", "testid");
        page.put("PageNumber", "99999999999");
        Response r = get(Signed.query(page, "testsecret"));
        expect(r, 400, "InvalidParameter");
        assertEquals(
                "The specified parameter \"PageNumber\" is not valid. It must be a number from 1 to 1000000.",
                r.path("Message"));
        for (String id : List.of("..", MESH + "/..", MESH + "\n", "c" + "a".repeat(300))) {
            TreeMap<String, String> p = detail();
            p.put("ServiceMeshId", id);
            Response bad = get(Signed.query(p, "testsecret"));
            expect(bad, 400, "InvalidParameter");
            assertTrue(
                    ((String) bad.path("Message"))
                            .startsWith("The specified parameter \"ServiceMeshId\" is not valid."),
                    bad.asString());
        }
        assertEquals(null, StandInServices.last, "no service was called");
    }

    @Test
    void acs3TamperedBodyOrHeader() {
        String body = "ServiceMeshId=" + MESH;
        String nonce = UUID.randomUUID().toString();
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String hash = Acs3.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        List<String> signed = List.of(
                "content-type",
                "host",
                "x-acs-action",
                "x-acs-content-sha256",
                "x-acs-date",
                "x-acs-signature-nonce",
                "x-acs-version");
        Map<String, String> headers = new HashMap<>(Map.of(
                "content-type",
                "application/x-www-form-urlencoded",
                "host",
                "localhost:8081",
                "x-acs-action",
                "DescribeServiceMeshDetail",
                "x-acs-content-sha256",
                hash,
                "x-acs-date",
                date,
                "x-acs-signature-nonce",
                nonce,
                "x-acs-version",
                "2020-01-11"));
        String sts = Acs3.stringToSign(Acs3.canonicalRequest("POST", new TreeMap<>(), headers, signed, hash));
        String auth = "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=" + String.join(";", signed) + ",Signature="
                + Acs3.sign(sts, "testsecret");
        // The body differs from the one hashed and signed.
        Response tampered = given().headers(headers)
                .header("Authorization", auth)
                .header("host", "localhost:8081")
                .body("ServiceMeshId=" + StandInServices.MISSING_MESH)
                .post("/");
        expect(tampered, 400, "SignatureDoesNotMatch");
        Response incomplete = given().headers(headers)
                .header("Authorization", "ACS3-HMAC-SHA256 Credential=testid")
                .body(body)
                .post("/");
        expect(incomplete, 400, "IncompleteSignature");
    }

    @Test
    void slowServiceBecomesServiceUnavailableWithinTheTimeout() {
        TreeMap<String, String> p = Signed.common("DescribeServiceMeshDetail", "testid");
        p.put("ServiceMeshId", StandInServices.SLOW_MESH);
        long start = System.nanoTime();
        expect(get(Signed.query(p, "testsecret")), 503, "ServiceUnavailable");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 4500, "took " + ms + " ms");
    }

    @Test
    void xmlOnRequest() {
        TreeMap<String, String> p = detail();
        p.put("Format", "XML");
        Response r = get(Signed.query(p, "testsecret"));
        assertEquals(200, r.statusCode());
        assertEquals("text/xml;charset=utf-8", r.contentType());
        String xml = r.asString();
        assertTrue(
                xml.startsWith(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeServiceMeshDetailResponse><RequestId>"),
                xml);
        assertTrue(xml.contains("<Clusters>c1a2b3</Clusters><Clusters>c4d5e6</Clusters>"), xml);
        TreeMap<String, String> bad = Signed.common("DescribeServiceMeshDetail", "testid");
        bad.put("Format", "XML");
        Response err = get(Signed.query(bad, "testsecret"));
        assertEquals(400, err.statusCode());
        assertTrue(
                err.asString().contains("<Error><RequestId>")
                        && err.asString().contains("<Code>MissingServiceMeshId</Code>"),
                err.asString());
    }

    @Test
    void administratorManagesAccountsAndKeys() {
        TreeMap<String, String> create = Signed.common("CreateAccount", "testid");
        create.put("AccountName", "team-" + UUID.randomUUID().toString().substring(0, 8));
        Response account = get(Signed.query(create, "testsecret"));
        assertEquals(200, account.statusCode(), account.asString());
        String accountId = account.path("Account.AccountId");

        TreeMap<String, String> key = Signed.common("CreateAccessKey", "testid");
        key.put("AccountId", accountId);
        Response created = get(Signed.query(key, "testsecret"));
        String id = created.path("AccessKey.AccessKeyId");
        String secret = created.path("AccessKey.AccessKeySecret");
        assertTrue(id.startsWith("LTAI") && secret.length() == 30, created.asString());

        // The new key works, and calls as its own account.
        TreeMap<String, String> call = Signed.common("DescribeServiceMeshDetail", id);
        call.put("ServiceMeshId", MESH);
        assertEquals(200, get(Signed.query(call, secret)).statusCode());
        assertEquals(accountId, StandInServices.last.headers().get("x-asm-account-id"));
        // ... but it is not an administrator.
        TreeMap<String, String> sneaky = Signed.common("DescribeAccounts", id);
        expect(get(Signed.query(sneaky, secret)), 403, "Forbidden");

        TreeMap<String, String> list = Signed.common("DescribeAccessKeys", "testid");
        list.put("AccountId", accountId);
        Response keys = get(Signed.query(list, "testsecret"));
        assertEquals(List.of(id), keys.path("AccessKeys.AccessKeyId"));
        assertTrue(!keys.asString().contains(secret), "secrets are never listed");

        TreeMap<String, String> disable = Signed.common("UpdateAccessKey", "testid");
        disable.put("UserAccessKeyId", id);
        disable.put("Status", "Inactive");
        given().urlEncodingEnabled(false)
                .get("/?" + Signed.query(disable, "testsecret"))
                .then()
                .statusCode(200)
                .body("Status", equalTo("Inactive"));
        TreeMap<String, String> after = Signed.common("DescribeServiceMeshDetail", id);
        after.put("ServiceMeshId", MESH);
        expect(get(Signed.query(after, secret)), 400, "InvalidAccessKeyId.Inactive");
    }

    @jakarta.inject.Inject
    AccessKeys accessKeys;

    @jakarta.inject.Inject
    Nonces nonces;

    @Test
    void concurrentUsesOfOneNonceHaveExactlyOneWinner() throws Exception {
        var pool = Executors.newFixedThreadPool(16);
        var go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        Instant expiry = Instant.now().plusSeconds(60);
        for (int i = 0; i < 64; i++) {
            String nonce = i % 2 == 0 ? "shared-nonce" : "own-" + i; // half race for one nonce, half are unique
            results.add(pool.submit(() -> {
                go.await();
                return nonces.firstUse("testid", nonce, expiry);
            }));
        }
        go.countDown();
        int sharedWins = 0;
        for (int i = 0; i < results.size(); i++) {
            boolean first = results.get(i).get(30, TimeUnit.SECONDS);
            if (i % 2 == 0) {
                sharedWins += first ? 1 : 0;
            } else {
                assertTrue(first, "a unique nonce is always first");
            }
        }
        pool.shutdown();
        assertEquals(1, sharedWins);
        assertTrue(!nonces.firstUse("testid", "own-1", expiry), "and a nonce once used stays used");
    }

    @Test
    void aKeyCreatedAfterAFailedLookupIsFoundAtOnce() {
        String id = "LTAI" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        assertTrue(accessKeys.find(id).isEmpty());
        String account = accessKeys.listAccounts().get(0).accountId();
        accessKeys.createKey(account, id, "late-secret");
        assertEquals("late-secret", accessKeys.find(id).orElseThrow().secret());
    }

    @Test
    void secretsAreSealedAtRest() throws Exception {
        try (var c = DriverManager.getConnection(PostgresResource.server().jdbcUrl("asm"), "postgres", "");
                var rs = c.createStatement()
                        .executeQuery("SELECT secret_sealed FROM gateway.access_key WHERE id = 'testid'")) {
            rs.next();
            String sealed = rs.getString(1);
            assertTrue(sealed.startsWith("v1:k1:") && !sealed.contains("testsecret"), sealed);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", startsWith("UP"));
    }
}
