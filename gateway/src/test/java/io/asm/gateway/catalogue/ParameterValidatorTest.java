package io.asm.gateway.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.error.AsmException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {

    static final String MESH = "c08ba3fd1e6484b0f8cc1ad8fe10d1234";

    static ActionSpec spec(String action) {
        return ActionCatalogue.find(action).orElseThrow();
    }

    @Test
    void allNineteenSeedActionsAreCatalogued() {
        for (String a : new String[] {
            "CreateServiceMesh",
            "DeleteServiceMesh",
            "DescribeServiceMeshDetail",
            "DescribeServiceMeshKubeconfig",
            "UpdateMeshFeature",
            "DescribeCens",
            "DescribeServiceMeshClusters",
            "DescribeClustersInServiceMesh",
            "AddClusterIntoServiceMesh",
            "RemoveClusterFromServiceMesh",
            "DescribeClusterGrafana",
            "DescribeClusterPrometheus",
            "DescribeGuestClusterAccessLogDashboards",
            "DescribeUpgradeVersion",
            "UpgradeMeshVersion",
            "AddVmAppToMesh",
            "RemoveVmAppFromMesh",
            "GetVmMeta",
            "GetVmAppMeshInfo"
        }) {
            assertTrue(ActionCatalogue.find(a).isPresent(), a);
        }
    }

    @Test
    void typesAreParsedAndUnknownParametersDropped() {
        Map<String, Object> typed = ParameterValidator.validate(
                spec("CreateServiceMesh"),
                Map.of(
                        "RegionId",
                        "cn-hangzhou",
                        "VpcId",
                        "vpc-1",
                        "VSwitches",
                        "[\"vsw-1\"]",
                        "Tracing",
                        "TRUE",
                        "TraceSampling",
                        "100.0",
                        "ApiServerPublicEip",
                        "false",
                        "Unheard",
                        "x"));
        assertEquals(Boolean.TRUE, typed.get("Tracing"));
        assertEquals(100.0, typed.get("TraceSampling"));
        assertEquals(Boolean.FALSE, typed.get("ApiServerPublicEip"));
        assertEquals("[\"vsw-1\"]", typed.get("VSwitches"));
        assertTrue(!typed.containsKey("Unheard"));
    }

    @Test
    void missingRequiredParameterIsNamed() {
        AsmException e = assertThrows(
                AsmException.class, () -> ParameterValidator.validate(spec("DescribeServiceMeshDetail"), Map.of()));
        assertEquals("MissingServiceMeshId", e.code());
        assertEquals(400, e.httpStatus());
        AsmException empty = assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(spec("DescribeServiceMeshDetail"), Map.of("ServiceMeshId", "")));
        assertEquals("MissingServiceMeshId", empty.code());
    }

    @Test
    void mistypedValuesAreInvalidParameter() {
        AsmException e = assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(
                        spec("UpdateMeshFeature"), Map.of("ServiceMeshId", MESH, "Tracing", "yes")));
        assertEquals("InvalidParameter", e.code());
        assertTrue(e.getMessage().contains("Tracing"), e.getMessage());
        assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(
                        spec("UpdateMeshFeature"), Map.of("ServiceMeshId", MESH, "TraceSampling", "NaN")));
        assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(spec("DescribeServiceMeshClusters"), Map.of("Limit", "ten")));
    }

    @Test
    void seedAliasesAreAccepted() {
        Map<String, Object> typed = ParameterValidator.validate(
                spec("UpdateMeshFeature"),
                Map.of("ServiceMeshId", MESH, "OPAResourceCPU", "200m", "OPARequestMemory", "256Mi"));
        assertEquals("200m", typed.get("OPARequestCPU"));
        assertEquals("256Mi", typed.get("OPARequestMemory"));
        assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(
                        spec("UpdateMeshFeature"),
                        Map.of("ServiceMeshId", MESH, "OPAResourceCPU", "200m", "OPARequestCPU", "1")));
    }

    @Test
    void flattenedListsAndTagsBecomeArraysInIndexOrder() {
        Map<String, Object> typed = ParameterValidator.validate(
                spec("TagResources"),
                Map.of(
                        "ResourceType", "servicemesh",
                        "ResourceId.2", MESH.replace('1', '2'),
                        "ResourceId.1", MESH,
                        "Tag.1.Key", "team",
                        "Tag.1.Value", "payments",
                        "Tag.2.Key", "env",
                        "Tag.x.Key", "ignored"));
        assertEquals(List.of(MESH, MESH.replace('1', '2')), typed.get("ResourceId"));
        assertEquals(
                List.of(Map.of("Key", "team", "Value", "payments"), Map.of("Key", "env", "Value", "")),
                typed.get("Tag"));
        // CreateServiceMesh takes both spellings the clients use (Tag.N in the query, Tags.N in the body).
        Map<String, Object> create = ParameterValidator.validate(
                spec("CreateServiceMesh"),
                Map.of(
                        "RegionId", "cn-hangzhou",
                        "VpcId", "vpc-1",
                        "VSwitches", "[\"vsw-1\"]",
                        "Tag.1.Key", "a",
                        "Tag.1.Value", "1",
                        "Tags.1.Key", "b",
                        "Tags.1.Value", "2"));
        assertEquals(List.of(Map.of("Key", "a", "Value", "1"), Map.of("Key", "b", "Value", "2")), create.get("Tag"));
    }

    @Test
    void listsAreBoundedAndCheckedItemByItem() {
        Map<String, String> base = Map.of("ResourceType", "servicemesh", "Tag.1.Key", "k");
        for (Map<String, String> wrong : List.of(
                Map.of("ResourceId.1", "../x"),
                Map.of("ResourceId.51", MESH),
                Map.of("ResourceId.1", MESH, "Tag.21.Key", "k"),
                Map.of("ResourceId.1", MESH, "Tag.2.Key", "k".repeat(129)),
                Map.of("ResourceId.1", MESH, "Tag.2.Value", "v"))) {
            Map<String, String> params = new java.util.HashMap<>(base);
            params.putAll(wrong);
            AsmException e = assertThrows(
                    AsmException.class,
                    () -> ParameterValidator.validate(spec("TagResources"), params),
                    wrong.toString());
            assertEquals("InvalidParameter", e.code());
        }
        AsmException missing = assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(spec("TagResources"), Map.of("ResourceType", "servicemesh")));
        assertEquals("MissingResourceId.1", missing.code());
        assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(
                        spec("ListTagResources"), Map.of("ResourceType", "ecs", "ResourceId.1", MESH)));
    }
}
