package io.asm.vm;

import static io.asm.vm.VmAppLifecycleTest.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * GetVmMeta's bundle as vm-service assembles it: the files and their paths, the identity asked of the mesh CA, the
 * ServiceAccount token made on the mesh API server. (The certificate itself is checked with PKIX in VmAppE2ETest,
 * against a real mesh CA.)
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInControlPlane.class)
class VmMetaTest {

    @Test
    void theBundleHasEveryFileTheSdkReads() throws Exception {
        Response r = as("100")
                .queryParam("Namespace", "hello")
                .queryParam("ServiceAccount", "http-sa")
                .queryParam("TrustDomain", "example.org")
                .get("/meshes/m-meta/vm-meta");
        r.then()
                .statusCode(200)
                .body("VmMetaInfo.CertChainPath", equalTo("/etc/certs/cert-chain.pem"))
                .body("VmMetaInfo.CertChainContent", equalTo(StandInControlPlane.LEAF + StandInControlPlane.ROOT))
                .body("VmMetaInfo.KeyPath", equalTo("/etc/certs/key.pem"))
                .body("VmMetaInfo.KeyContent", equalTo(StandInControlPlane.KEY))
                .body("VmMetaInfo.RootCertPath", equalTo("/etc/certs/root-cert.pem"))
                .body("VmMetaInfo.RootCertContent", equalTo(StandInControlPlane.ROOT))
                .body("VmMetaInfo.EnvoyEnvPath", equalTo("/var/lib/istio/envoy/cluster.env"))
                .body("VmMetaInfo.HostsPath", equalTo("/etc/hosts"))
                .body("VmMetaInfo.HostsContent", equalTo("192.0.2.10 istiod.istio-system.svc\n"))
                .body("VmMetaInfo.TokenPath", equalTo("/var/run/secrets/tokens/istio-token"))
                .body("VmMetaInfo.TokenContent", startsWith("sim."));
        assertEquals(
                "CA_ADDR='istiod.istio-system.svc:15012'\n"
                        + "ISTIO_CP_AUTH='MUTUAL_TLS'\n"
                        + "ISTIO_INBOUND_PORTS='*'\n"
                        + "ISTIO_LOCAL_EXCLUDE_PORTS='22,15090,15021,15020'\n"
                        + "ISTIO_META_MESH_ID='m-meta'\n"
                        + "ISTIO_NAMESPACE='hello'\n"
                        + "ISTIO_PILOT_PORT='15012'\n"
                        + "ISTIO_SERVICE_CIDR='*'\n"
                        + "ISTIO_SYSTEM_NAMESPACE='istio-system'\n"
                        + "OUTPUT_CERTS='/etc/certs'\n"
                        + "PILOT_ADDRESS='istiod.istio-system.svc:15012'\n"
                        + "POD_NAMESPACE='hello'\n"
                        + "PROV_CERT='/etc/certs'\n"
                        + "SERVICE_ACCOUNT='http-sa'\n"
                        + "TRUST_DOMAIN='example.org'\n",
                r.path("VmMetaInfo.EnvoyEnvContent"));
        String asked =
                StandInControlPlane.CERTIFICATE_REQUESTS.get(StandInControlPlane.CERTIFICATE_REQUESTS.size() - 1);
        assertEquals(
                "{\"Namespace\":\"hello\",\"ServiceAccount\":\"http-sa\",\"TrustDomain\":\"example.org\","
                        + "\"TtlSeconds\":7776000}",
                asked);
        try (KubernetesClient mesh = VmAppLifecycleTest.client(StandInControlPlane.meshServer("m-meta"))) {
            assertEquals(
                    "http-sa",
                    mesh.serviceAccounts()
                            .inNamespace("hello")
                            .withName("http-sa")
                            .get()
                            .getMetadata()
                            .getName());
        }
    }

    @Test
    void withoutBothNamespaceAndServiceAccountTheIdentityIsDefault() {
        as("100")
                .queryParam("Namespace", "hello")
                .get("/meshes/m-meta/vm-meta")
                .then()
                .statusCode(200);
        String asked =
                StandInControlPlane.CERTIFICATE_REQUESTS.get(StandInControlPlane.CERTIFICATE_REQUESTS.size() - 1);
        assertTrue(
                asked.contains(
                        "\"Namespace\":\"default\",\"ServiceAccount\":\"default\",\"TrustDomain\":\"cluster.local\""),
                asked);
    }

    @Test
    void aMeshThatIsNotRunningOrNotTheCallersIsRefused() {
        as("100")
                .get("/meshes/m-init/vm-meta")
                .then()
                .statusCode(409)
                .body("Code", equalTo("IncorrectStatus.ServiceMesh"))
                .body("Message", equalTo("The service mesh is initial; retry when it is running."));
        as("200").get("/meshes/m-meta/vm-meta").then().statusCode(404).body("Code", equalTo("ServiceMesh.NotFound"));
        as("100")
                .queryParam("Namespace", "Hello")
                .queryParam("ServiceAccount", "sa")
                .get("/meshes/m-meta/vm-meta")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"))
                .body("Message", startsWith("The specified parameter \"Namespace\" is not valid."));
    }
}
