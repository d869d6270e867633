package io.asm.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load generator signs ACS3 byte for byte as tea-openapi did in CONTRACT.md §5.2's capture. */
class Acs3PostTest {

    @Test
    void signsTheCapturedTeaRequest() throws Exception {
        String body = "ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234";
        String hash = Acs3Post.hashOf(body.getBytes(StandardCharsets.UTF_8));
        assertEquals("0a69f71a4f250212a436c3088aefd314b70183ab581908f41aa6ff907734c8f7", hash);
        assertEquals(
                "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;"
                        + "x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                        + "Signature=fe49bc41bad71e688b97a8684a287e721d6adee9a2df141e4e328d2be6016280",
                Acs3Post.authorization(
                        "127.0.0.1:38761",
                        "DescribeServiceMeshDetail",
                        "testid",
                        "testsecret",
                        "2026-11-28T14:49:39Z",
                        "db5bf7539ae9f301a092997c9765f61b",
                        hash));
    }

    @Test
    void theRequestCarriesItsBodyAndHeaders() throws Exception {
        String request = new String(
                Acs3Post.request(
                        "127.0.0.1:8080",
                        "DescribeServiceMeshDetail",
                        "testid",
                        "testsecret",
                        Map.of("ServiceMeshId", "m1")),
                StandardCharsets.ISO_8859_1);
        assertTrue(request.startsWith("POST / HTTP/1.1\r\nhost: 127.0.0.1:8080\r\n"), request);
        assertTrue(request.contains("content-length: 16\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\nServiceMeshId=m1"), request);
    }
}
