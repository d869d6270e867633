package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.servicemesh.model.v20200111.AddClusterIntoServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.AddVmAppToMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeClustersInServiceMeshRequest;
import com.aliyuncs.servicemesh.model.v20200111.DescribeServiceMeshDetailRequest;
import com.aliyuncs.servicemesh.model.v20200111.GetVmAppMeshInfoRequest;
import com.aliyuncs.servicemesh.model.v20200111.GetVmMetaRequest;
import com.aliyuncs.servicemesh.model.v20200111.GetVmMetaResponse;
import com.aliyuncs.servicemesh.model.v20200111.RemoveVmAppFromMeshRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * VM applications and bootstrap bundles through the gateway with the official core SDK, against the running suite:
 * a real mesh (its CA, its simulated API server) and a simulated member cluster.
 */
@ExtendWith(SharedSuite.class)
@Order(1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VmAppE2ETest {

    static final ObjectMapper JSON = new ObjectMapper();
    RunningSuite running;

    @BeforeAll
    void up(RunningSuite shared) throws Exception {
        running = shared;
        // The shared suite runs on the PostgreSQL binaries published on Maven Central, as on a machine without them.
        try (Stream<Path> unpacked = Files.list(running.home)) {
            assertTrue(
                    unpacked.anyMatch(p -> p.getFileName().toString().startsWith("postgres-15.")),
                    "the bundled PostgreSQL binaries are unpacked in the suite home");
        }
    }

    static void await(String what, Callable<Boolean> done) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(done);
    }

    @Test
    void aVmAppJoinsAMeshAndAVmGetsItsBootstrapBundle() throws Exception {
        String meshId = running.createMesh();
        DescribeServiceMeshDetailRequest detail = new DescribeServiceMeshDetailRequest();
        detail.setServiceMeshId(meshId);
        await(
                "mesh running",
                () -> "running"
                        .equals(running.admin(detail)
                                .getServiceMesh()
                                .getServiceMeshInfo()
                                .getState()));
        String pilot = running.admin(detail).getServiceMesh().getEndpoints().getIntranetPilotEndpoint();

        String kubeconfig = dataPlaneCluster("e2e-vm-dp");
        try (KubernetesClient dp = client(kubeconfig)) {
            dp.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("hello")
                            .endMetadata()
                            .build())
                    .create();
        }
        AddClusterIntoServiceMeshRequest join = new AddClusterIntoServiceMeshRequest() {
            {
                putBodyParameter("Kubeconfig", kubeconfig);
            }
        };
        join.setServiceMeshId(meshId);
        join.setClusterId("c-e2e-vm-dp");
        running.admin(join);
        DescribeClustersInServiceMeshRequest members = new DescribeClustersInServiceMeshRequest();
        members.setServiceMeshId(meshId);
        await(
                "cluster running",
                () -> running.admin(members).getClusters().stream().anyMatch(c -> "running".equals(c.getState())));

        AddVmAppToMeshRequest add = new AddVmAppToMeshRequest();
        add.setServiceMeshId(meshId);
        add.setNamespace("hello");
        add.setServiceName("http-service");
        add.setIps("192.168.0.2,192.168.0.3");
        add.setPorts("http:8000,http:8001");
        add.setLabels("app=http-workload");
        add.setAnnotations("env=staging,group=0001");
        add.setServiceAccount("http-sa");
        JsonNode data = JSON.readTree(running.admin(add).getData());
        assertEquals(
                "192.168.0.3",
                data.path("mesh-expansion-http-service-2")
                        .path("spec")
                        .path("address")
                        .asText());

        GetVmAppMeshInfoRequest info = new GetVmAppMeshInfoRequest();
        info.setServiceMeshId(meshId);
        await(
                "VM app running",
                () -> "running"
                        .equals(JSON.readTree(running.admin(info).getData())
                                .path("hello/http-service")
                                .path("State")
                                .asText()));
        try (KubernetesClient dp = client(kubeconfig)) {
            Service s =
                    dp.services().inNamespace("hello").withName("http-service").get();
            assertEquals(Map.of("app", "http-workload"), s.getSpec().getSelector());
            assertEquals(
                    List.of(8000, 8001),
                    s.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
        }

        GetVmMetaRequest meta = new GetVmMetaRequest();
        meta.setServiceMeshId(meshId);
        meta.setNamespace("hello");
        meta.setServiceAccount("http-sa");
        GetVmMetaResponse.VmMetaInfo bundle = running.admin(meta).getVmMetaInfo();
        checkCertificate(bundle, "spiffe://cluster.local/ns/hello/sa/http-sa");
        assertEquals("/etc/certs/cert-chain.pem", bundle.getCertChainPath());
        assertEquals("/var/lib/istio/envoy/cluster.env", bundle.getEnvoyEnvPath());
        assertTrue(
                bundle.getEnvoyEnvContent().contains("ISTIO_NAMESPACE='hello'\n")
                        && bundle.getEnvoyEnvContent().contains("SERVICE_ACCOUNT='http-sa'\n"),
                bundle.getEnvoyEnvContent());
        assertEquals(
                pilot.substring(0, pilot.lastIndexOf(':')) + " istiod.istio-system.svc\n", bundle.getHostsContent());
        assertTrue(!bundle.getTokenContent().isBlank(), "a token for the token-based flow");

        RemoveVmAppFromMeshRequest remove = new RemoveVmAppFromMeshRequest();
        remove.setServiceMeshId(meshId);
        remove.setNamespace("hello");
        remove.setServiceName("http-service");
        assertTrue(JSON.readTree(running.admin(remove).getData()).has("mesh-expansion-http-service"));
        await("VM app gone", () -> !JSON.readTree(running.admin(info).getData()).has("hello/http-service"));
        try (KubernetesClient dp = client(kubeconfig)) {
            assertNull(
                    dp.services().inNamespace("hello").withName("http-service").get());
        }

        // An unknown mesh is ServiceMesh.NotFound for all four.
        String unknown = "c" + "0".repeat(32);
        add.setServiceMeshId(unknown);
        remove.setServiceMeshId(unknown);
        info.setServiceMeshId(unknown);
        meta.setServiceMeshId(unknown);
        for (AcsRequest<?> r : List.<AcsRequest<?>>of(add, remove, info, meta)) {
            assertEquals(
                    "ServiceMesh.NotFound",
                    assertThrows(ClientException.class, () -> running.admin(r)).getErrCode());
        }
    }

    /** Standard Java PKIX against the mesh root, and the fields DOMAIN.md §6.2 asks for. */
    static void checkCertificate(GetVmMetaResponse.VmMetaInfo bundle, String spiffe) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate root = (X509Certificate) x509.generateCertificate(stream(bundle.getRootCertContent()));
        List<X509Certificate> chain = x509.generateCertificates(stream(bundle.getCertChainContent())).stream()
                .map(X509Certificate.class::cast)
                .toList();
        assertEquals(2, chain.size(), "leaf, then the mesh root");
        assertEquals(root, chain.get(1));
        X509Certificate leaf = chain.get(0);
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(List.of(leaf)), pkix);

        assertEquals(List.of(List.of(6, spiffe)), List.copyOf(leaf.getSubjectAlternativeNames()));
        assertTrue(leaf.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN critical (empty subject)");
        boolean[] usage = leaf.getKeyUsage();
        assertArrayEquals(new boolean[] {true, false, true, false, false, false, false, false, false}, usage);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        Instant now = Instant.now();
        Instant notBefore = leaf.getNotBefore().toInstant();
        assertTrue(
                notBefore.isBefore(now) && notBefore.isAfter(now.minus(Duration.ofMinutes(5))), notBefore.toString());
        Instant notAfter = leaf.getNotAfter().toInstant();
        assertTrue(
                Duration.between(now, notAfter).minus(Duration.ofDays(90)).abs().compareTo(Duration.ofMinutes(5)) < 0,
                notAfter.toString());

        // The private key is the certificate's.
        Signature sign = Signature.getInstance("SHA256withRSA");
        sign.initSign(privateKey(bundle.getKeyContent()));
        sign.update("vm".getBytes(StandardCharsets.UTF_8));
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(leaf.getPublicKey());
        verify.update("vm".getBytes(StandardCharsets.UTF_8));
        assertTrue(verify.verify(signature));
    }

    /** PKCS#8, or PKCS#1 ({@code RSA PRIVATE KEY}) wrapped into PKCS#8 for the JDK's key factory. */
    static PrivateKey privateKey(String pem) throws Exception {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        byte[] der = Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        if (pkcs1) {
            byte[] algorithm = {
                0x30,
                0x0d,
                0x06,
                0x09,
                0x2a,
                (byte) 0x86,
                0x48,
                (byte) 0x86,
                (byte) 0xf7,
                0x0d,
                0x01,
                0x01,
                0x01,
                0x05,
                0x00
            };
            byte[] octets = concat(new byte[] {0x04}, length(der.length), der);
            byte[] body = concat(new byte[] {0x02, 0x01, 0x00}, algorithm, octets);
            der = concat(new byte[] {0x30}, length(body.length), body);
        }
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static byte[] length(int n) {
        return n < 0x80
                ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n} : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static ByteArrayInputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8));
    }

    String dataPlaneCluster(String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(running.layout.url(running.layout.simulatorPort()) + "/clusters"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("kubeconfig").asText();
    }

    static KubernetesClient client(String kubeconfig) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }
}
