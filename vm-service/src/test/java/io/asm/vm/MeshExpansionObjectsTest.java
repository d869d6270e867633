package io.asm.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.vm.domain.VmAppInput;
import io.asm.vm.domain.VmAppSpec;
import io.asm.vm.kube.MeshExpansionObjects;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The objects of a VM application: the seed's shapes, and valid against Istio's CRD schemas. */
class MeshExpansionObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final VmAppSpec APP = VmAppInput.parse(
            "hello",
            "http-service",
            "192.168.0.2, 2001:db8::1",
            "http:8000,grpc-api:9000",
            "app=http-workload,version=v1",
            "env=staging,group=0001",
            "http-sa",
            false);

    @Test
    void theServiceEntryIsTheSeedsAndValid() {
        JsonNode se = JSON.valueToTree(MeshExpansionObjects.serviceEntry(APP));
        assertEquals("networking.istio.io/v1alpha3", se.path("apiVersion").asText());
        assertEquals(
                "mesh-expansion-http-service", se.path("metadata").path("name").asText());
        assertEquals(
                "http-service",
                se.path("metadata")
                        .path("labels")
                        .path("asm.alibabacloud.com/vm-app")
                        .asText());
        JsonNode spec = se.path("spec");
        assertEquals(
                "[\"http-service.hello.svc.cluster.local\"]", spec.path("hosts").toString());
        assertEquals("MESH_INTERNAL", spec.path("location").asText());
        assertEquals("STATIC", spec.path("resolution").asText());
        assertEquals(
                "{\"app\":\"http-workload\",\"version\":\"v1\"}",
                spec.path("workloadSelector").path("labels").toString());
        assertEquals(
                "[{\"number\":8000,\"protocol\":\"HTTP\",\"name\":\"http-8000\"},"
                        + "{\"number\":9000,\"protocol\":\"GRPC\",\"name\":\"grpc-9000\"}]",
                spec.path("ports").toString());
        assertEquals(Set.of(), IstioSchemas.problems(se));
    }

    @Test
    void oneWorkloadEntryPerIpInOrderAndValid() {
        List<JsonNode> wes = MeshExpansionObjects.workloadEntries(APP).stream()
                .map(we -> (JsonNode) JSON.valueToTree(we))
                .toList();
        assertEquals(
                List.of("mesh-expansion-http-service-1", "mesh-expansion-http-service-2"),
                wes.stream()
                        .map(we -> we.path("metadata").path("name").asText())
                        .toList());
        assertEquals(
                "{\"address\":\"192.168.0.2\",\"labels\":{\"app\":\"http-workload\",\"version\":\"v1\"},"
                        + "\"serviceAccount\":\"http-sa\"}",
                wes.get(0).path("spec").toString());
        assertEquals("2001:db8::1", wes.get(1).path("spec").path("address").asText());
        wes.forEach(we -> assertEquals(Set.of(), IstioSchemas.problems(we)));
    }

    @Test
    void theSchemaCheckCanFail() {
        ObjectNode se = JSON.valueToTree(MeshExpansionObjects.serviceEntry(APP));
        ((ObjectNode) se.path("spec")).put("location", "SOMEWHERE").put("unknownField", 1);
        ((ObjectNode) se.path("spec").path("ports").get(0)).put("number", "eighty");
        assertFalse(IstioSchemas.problems(se).isEmpty());
    }

    @Test
    void theServiceSelectsTheWorkloadEntriesAndCarriesTheAnnotations() {
        Service s = MeshExpansionObjects.service(APP);
        assertEquals("ClusterIP", s.getSpec().getType());
        assertEquals(
                Map.of("app", "http-workload", "version", "v1"), s.getSpec().getSelector());
        assertEquals(
                Map.of(
                        "env",
                        "staging",
                        "group",
                        "0001",
                        "kubernetes.io/service-account.name",
                        "http-sa",
                        "alpha.istio.io/kubernetes-serviceaccounts",
                        "http-sa"),
                s.getMetadata().getAnnotations());
        assertEquals("http-service", s.getMetadata().getLabels().get("asm.alibabacloud.com/vm-app"));
        assertEquals("http-8000", s.getSpec().getPorts().get(0).getName());
        assertEquals(8000, s.getSpec().getPorts().get(0).getTargetPort().getIntVal());
        assertEquals("TCP", s.getSpec().getPorts().get(0).getProtocol());
    }

    @Test
    void dataNamesEveryObject() {
        Map<String, Object> data = MeshExpansionObjects.data(APP);
        assertEquals(
                List.of(
                        "mesh-expansion-http-service",
                        "http-service",
                        "mesh-expansion-http-service-1",
                        "mesh-expansion-http-service-2"),
                List.copyOf(data.keySet()));
        assertTrue(data.get("http-service") instanceof List<?> l && l.size() == 1);
    }
}
