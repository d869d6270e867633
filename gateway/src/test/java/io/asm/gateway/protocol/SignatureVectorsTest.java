package io.asm.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.asm.common.error.AsmException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The signature vectors of CONTRACT.md §5, computed there by the official SDK code; byte for byte. */
class SignatureVectorsTest {

    static TreeMap<String, String> fixedParams() {
        return new TreeMap<>(Map.of(
                "AccessKeyId",
                "testid",
                "Action",
                "DescribeServiceMeshDetail",
                "Format",
                "JSON",
                "RegionId",
                "cn-hangzhou",
                "ServiceMeshId",
                "c08ba3fd1e6484b0f8cc1ad8fe10d1234",
                "SignatureMethod",
                "HMAC-SHA1",
                "SignatureNonce",
                "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
                "SignatureVersion",
                "1.0",
                "Timestamp",
                "2020-09-18T12:00:00Z",
                "Version",
                "2020-01-11"));
    }

    @Test
    void rpcV1GetVector() {
        String sts = RpcV1.stringToSign("GET", fixedParams(), false);
        assertEquals(
                "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeServiceMeshDetail%26Format%3DJSON%26RegionId%3Dcn-hangzhou"
                        + "%26ServiceMeshId%3Dc08ba3fd1e6484b0f8cc1ad8fe10d1234%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
                        + "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2020-09-18T12%253A00%253A00Z"
                        + "%26Version%3D2020-01-11",
                sts);
        assertEquals("vqvkm7m7zR0p0+5mf1hp/qPdofI=", RpcV1.sign(sts, "testsecret"));
    }

    @Test
    void rpcV1PostVector() {
        assertEquals(
                "OdBXeMuvHvgSCZ+SuQQOkZnKTX8=",
                RpcV1.sign(RpcV1.stringToSign("POST", fixedParams(), false), "testsecret"));
    }

    @Test
    void rpcV1EncodingVector() {
        TreeMap<String, String> params = fixedParams();
        params.put("Labels", "app=http workload,env=a*b~c/d");
        String sts = RpcV1.stringToSign("POST", params, false);
        assertEquals(
                "POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeServiceMeshDetail%26Format%3DJSON%26Labels%3D"
                        + "app%253Dhttp%2520workload%252Cenv%253Da%252Ab~c%252Fd%26RegionId%3Dcn-hangzhou%26ServiceMeshId%3D"
                        + "c08ba3fd1e6484b0f8cc1ad8fe10d1234%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
                        + "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2020-09-18T12%253A00%253A00Z"
                        + "%26Version%3D2020-01-11",
                sts);
        assertEquals("0r3ZUrqrNr3e9OOiLc0vf996YmI=", RpcV1.sign(sts, "testsecret"));
    }

    @Test
    void capturedCoreSdkPostIsVerifiedFromTheWire() {
        // Shape A as the core SDK sent it: query and form body merged; Signature excluded.
        ApiRequest r = RequestParser.parse(
                "POST",
                "SignatureVersion=1.0&Action=DescribeServiceMeshDetail&Format=JSON"
                        + "&SignatureNonce=8a6b14bbc11aa34b5b4a74fc542916d9&Version=2020-01-11&AccessKeyId=testid"
                        + "&Signature=pffWY%2BDGwyrvAerh7oRq8OWnjx0%3D&SignatureMethod=HMAC-SHA1&RegionId=cn-hangzhou"
                        + "&Timestamp=2026-11-28T14%3A49%3A38Z",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234".getBytes(StandardCharsets.UTF_8));
        assertEquals("pffWY+DGwyrvAerh7oRq8OWnjx0=", r.param("Signature"));
        assertEquals(r.param("Signature"), RpcV1.sign(RpcV1.stringToSign("POST", r.params(), false), "testsecret"));
    }

    @Test
    void capturedTeaV2PostIsVerified() {
        ApiRequest r = RequestParser.parse(
                "POST",
                "SignatureVersion=1.0&Action=DescribeServiceMeshDetail&Format=json"
                        + "&SignatureNonce=f38b26052addc9047d303e11e6ba7ac6&Version=2020-01-11&AccessKeyId=testid"
                        + "&Signature=514GrX9couNK9JT0rvtjBXQAzME%3D&SignatureMethod=HMAC-SHA1&Timestamp=2026-11-28T14%3A49%3A39Z",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                "ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234".getBytes(StandardCharsets.UTF_8));
        assertEquals(r.param("Signature"), RpcV1.sign(RpcV1.stringToSign("POST", r.params(), true), "testsecret"));
    }

    @Test
    void capturedPopCoreAllInBodyIsVerified() {
        ApiRequest r = RequestParser.parse(
                "POST",
                "",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                ("AccessKeyId=testid&Action=DescribeServiceMeshDetail&Format=JSON&ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234"
                                + "&SignatureMethod=HMAC-SHA1&SignatureNonce=edf63bc60e75d0ad21a90735330b87df&SignatureVersion=1.0"
                                + "&Timestamp=2026-11-28T14%3A59%3A16Z&Version=2020-01-11&Signature=2REKn1BQ4Emq41j3LKGE6wEvmEo%3D")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "POST&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeServiceMeshDetail%26Format%3DJSON%26ServiceMeshId%3D"
                        + "c08ba3fd1e6484b0f8cc1ad8fe10d1234%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedf63bc60e75d0ad21a90735330b87df"
                        + "%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-28T14%253A59%253A16Z%26Version%3D2020-01-11",
                RpcV1.stringToSign("POST", r.params(), false));
        assertEquals(
                "2REKn1BQ4Emq41j3LKGE6wEvmEo=",
                RpcV1.sign(RpcV1.stringToSign("POST", r.params(), false), "testsecret"));
    }

    @Test
    void capturedCoreSdkGetVmMetaIsVerified() {
        ApiRequest r = RequestParser.parse(
                "GET",
                "ServiceAccount=http-sa&Action=GetVmMeta&TrustDomain=cluster.local"
                        + "&Timestamp=2026-11-28T14%3A49%3A38Z&Namespace=hello&SignatureVersion=1.0&Format=JSON"
                        + "&SignatureNonce=d4833b05a2087c418dacbd2af564c196&Version=2020-01-11&ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234"
                        + "&AccessKeyId=testid&Signature=XuQjU6AdELRDsOnRjZrtRmMyZP8%3D&SignatureMethod=HMAC-SHA1&RegionId=cn-hangzhou",
                Map.of("content-type", "application/x-www-form-urlencoded"),
                new byte[0]);
        assertEquals(
                "XuQjU6AdELRDsOnRjZrtRmMyZP8=", RpcV1.sign(RpcV1.stringToSign("GET", r.params(), false), "testsecret"));
    }

    @Test
    void acs3FixedVector() {
        ApiRequest r = RequestParser.parse(
                "POST",
                "PrivateIpAddress=true&ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234",
                Map.of(
                        "host",
                        "servicemesh.aliyuncs.com",
                        "x-acs-version",
                        "2020-01-11",
                        "x-acs-action",
                        "DescribeServiceMeshKubeconfig",
                        "x-acs-date",
                        "2020-09-18T12:00:00Z",
                        "x-acs-signature-nonce",
                        "3ee8c1b883d344afa94f4e0ad82fd6cf",
                        "content-type",
                        "application/x-www-form-urlencoded",
                        "x-acs-content-sha256",
                        "884bbc2a1178a789519ea9b11d154fa8584d3e908e2c3578ace5cf8232fed562"),
                "K8sClusterId=ce3c25e247da24f3aab9b7edfae831234".getBytes(StandardCharsets.UTF_8));
        assertEquals("884bbc2a1178a789519ea9b11d154fa8584d3e908e2c3578ace5cf8232fed562", Acs3.sha256Hex(r.body()));
        Acs3.Authorization auth =
                Acs3.Authorization.parse("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;"
                        + "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                        + "Signature=979870939e4364220ed7a140ae31c1b055017a5dc2bb4b495038b4d19f3cde47");
        String canonical =
                Acs3.canonicalRequest("POST", r.query(), r.headers(), auth.signedHeaders(), Acs3.sha256Hex(r.body()));
        assertEquals("""
                POST
                /
                PrivateIpAddress=true&ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234
                content-type:application/x-www-form-urlencoded
                host:servicemesh.aliyuncs.com
                x-acs-action:DescribeServiceMeshKubeconfig
                x-acs-content-sha256:884bbc2a1178a789519ea9b11d154fa8584d3e908e2c3578ace5cf8232fed562
                x-acs-date:2020-09-18T12:00:00Z
                x-acs-signature-nonce:3ee8c1b883d344afa94f4e0ad82fd6cf
                x-acs-version:2020-01-11

                content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
                884bbc2a1178a789519ea9b11d154fa8584d3e908e2c3578ace5cf8232fed562""", canonical);
        String sts = Acs3.stringToSign(canonical);
        assertEquals("ACS3-HMAC-SHA256\nd4896d28e12367952cc341318b72dc09498104cc13448c1bc556a0dd391f725f", sts);
        assertEquals(auth.signature(), Acs3.sign(sts, "testsecret"));
    }

    @Test
    void acs3CapturedTeaCallIsVerified() {
        Map<String, String> headers = Map.of(
                "content-type",
                "application/x-www-form-urlencoded",
                "host",
                "127.0.0.1:38761",
                "x-acs-action",
                "DescribeServiceMeshDetail",
                "x-acs-content-sha256",
                "0a69f71a4f250212a436c3088aefd314b70183ab581908f41aa6ff907734c8f7",
                "x-acs-credentials-provider",
                "static_ak",
                "x-acs-date",
                "2026-11-28T14:49:39Z",
                "x-acs-signature-nonce",
                "db5bf7539ae9f301a092997c9765f61b",
                "x-acs-version",
                "2020-01-11");
        ApiRequest r = RequestParser.parse(
                "POST",
                null,
                headers,
                "ServiceMeshId=c08ba3fd1e6484b0f8cc1ad8fe10d1234".getBytes(StandardCharsets.UTF_8));
        Acs3.Authorization auth =
                Acs3.Authorization.parse("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;"
                        + "x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                        + "Signature=fe49bc41bad71e688b97a8684a287e721d6adee9a2df141e4e328d2be6016280");
        String sts = Acs3.stringToSign(
                Acs3.canonicalRequest("POST", r.query(), r.headers(), auth.signedHeaders(), Acs3.sha256Hex(r.body())));
        assertEquals("ACS3-HMAC-SHA256\ncab1720d38b73b32a5af21d3f0547fad379a8ab03a7eb2f5767d20f9cb6cef94", sts);
        assertEquals(auth.signature(), Acs3.sign(sts, "testsecret"));
    }

    @Test
    void acs3AuthorizationFieldsInAnyOrder() {
        Acs3.Authorization core = Acs3.Authorization.parse(
                "ACS3-HMAC-SHA256 Credential=testid,Signature=abc,SignedHeaders=content-type;x-acs-action");
        assertEquals("testid", core.credential());
        assertEquals(List.of("content-type", "x-acs-action"), core.signedHeaders());
        assertEquals("abc", core.signature());
        assertEquals(null, Acs3.Authorization.parse("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host"));
    }

    @Test
    void percentCodec() {
        assertEquals("a%20b%2A~%2F%E2%9C%93", Percent.encode("a b*~/✓"));
        assertEquals("a b+✓", Percent.decodeForm("a+b%2B%E2%9C%93"));
        assertThrows(AsmException.class, () -> Percent.decodeForm("%zz"));
        assertThrows(AsmException.class, () -> Percent.decodeForm("abc%4"));
        assertThrows(AsmException.class, () -> Percent.decodeForm("%C3%28")); // invalid UTF-8
    }
}
