package io.asm.gateway.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.error.AsmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every identifier of every action refuses what could escape a path, a Kubernetes name or a row. */
class IdentifierFormatsTest {

    /** A well-formed value of each format, so that one parameter at a time can be spoiled. */
    static final Map<ValueFormat, String> SAMPLES = Map.ofEntries(
            Map.entry(ValueFormat.MESH_ID, "c08ba3fd1e6484b0f8cc1ad8fe10d1234"),
            Map.entry(ValueFormat.DNS_LABEL, "dp1"),
            Map.entry(ValueFormat.DNS_1035_LABEL, "http"),
            Map.entry(ValueFormat.DNS_SUBDOMAIN, "http-sa.cluster.local"),
            Map.entry(ValueFormat.REGION_ID, "cn-hangzhou"),
            Map.entry(ValueFormat.CLOUD_ID, "vpc-e2e"),
            Map.entry(ValueFormat.VSWITCHES, "[\"vsw-e2e-1\", \"vsw-e2e-2\"]"),
            Map.entry(ValueFormat.ACCOUNT_ID, "1234567890123456"),
            Map.entry(ValueFormat.CLUSTER_SPEC, "enterprise"),
            Map.entry(ValueFormat.NEXT_TOKEN, "20"),
            Map.entry(ValueFormat.TAG_RESOURCE_TYPE, "servicemesh"),
            Map.entry(ValueFormat.TAG_KEY, "team"),
            Map.entry(ValueFormat.TAG_VALUE, "payments"),
            Map.entry(ValueFormat.ACCOUNT_NAME, "team-a@example.com"),
            Map.entry(ValueFormat.ACCESS_KEY_ID, "LTAI5d7c37153a3110454073"),
            Map.entry(ValueFormat.ACCESS_KEY_STATUS, "Inactive"),
            Map.entry(ValueFormat.NAME, "Démo mesh (prod)"),
            Map.entry(ValueFormat.TEXT, "10.0.0.0/8,172.16.0.0/12"),
            Map.entry(ValueFormat.DOCUMENT, "apiVersion: v1\nkind: Config\n"),
            Map.entry(MeshAddOnActions.AUTH_STRATEGY, "openid"),
            Map.entry(MeshAddOnActions.EIP_OPERATION, "UnBindEip"),
            Map.entry(MeshAddOnActions.PROVIDER_TYPE, "grpcextauth"),
            Map.entry(MeshAddOnActions.SUB_ACCOUNT_ID, "201122334455667789"),
            Map.entry(MeshAddOnActions.LOG_PROJECT, "mesh-log-1"));

    static final List<ValueFormat> FREE_TEXT = List.of(ValueFormat.NAME, ValueFormat.TEXT, ValueFormat.DOCUMENT);

    static Map<String, String> wellFormed(ActionSpec spec) {
        Map<String, String> params = new HashMap<>();
        for (ParamSpec p : spec.params()) {
            if (p.required() && p.rule() instanceof Repeated r) {
                String first = p.name() + ".1";
                params.put(r.value() == null ? first : first + ".Key", SAMPLES.get(r.element()));
            } else if (p.required()) {
                params.put(p.name(), p.rule() instanceof ValueFormat f ? SAMPLES.get(f) : "true");
            }
        }
        return params;
    }

    @Test
    void wellFormedValuesOfEveryFormatPass() {
        for (ActionSpec spec : ActionCatalogue.all()) {
            for (ParamSpec p : spec.params()) {
                if (p.rule() instanceof ValueFormat format) {
                    Map<String, String> params = wellFormed(spec);
                    params.put(p.name(), SAMPLES.get(format));
                    assertEquals(
                            SAMPLES.get(format),
                            ParameterValidator.validate(spec, params).get(p.name()),
                            spec.name() + "." + p.name());
                }
            }
        }
        // what the e2e tests and the simulator use
        assertTrue(ValueFormat.DNS_LABEL.accepts("c-e2e-dp") && ValueFormat.VSWITCHES.accepts("vsw-demo"));
    }

    @Test
    void vSwitchListsAreNonEmptyAndAnyLengthIsCheckedWithoutRecursion() throws Exception {
        assertFalse(ValueFormat.VSWITCHES.accepts("[]"), "VSwitches is mandatory: an empty list is none");
        assertFalse(ValueFormat.VSWITCHES.accepts("[\"vsw-1\",]"));
        // 1,000 ids (4,001 characters) on a small stack: the pattern overflowed a worker's stack before.
        String many = "[" + String.join(",", Collections.nCopies(1000, "\"v\"")) + "]";
        boolean[] accepted = new boolean[1];
        Thread t = new Thread(null, () -> accepted[0] = ValueFormat.VSWITCHES.accepts(many), "small-stack", 128 * 1024);
        t.start();
        t.join();
        assertTrue(accepted[0]);
    }

    @Test
    void identifiersRefuseSlashesDotsNewlinesAndLength() {
        int checked = 0;
        for (ActionSpec spec : ActionCatalogue.all()) {
            for (ParamSpec p : spec.params()) {
                if (!(p.rule() instanceof ValueFormat format) || FREE_TEXT.contains(format)) {
                    continue;
                }
                for (String hostile : List.of("a/b", "..", "../x", "dp1\nx", "a".repeat(300), "dp1\u0000")) {
                    Map<String, String> params = wellFormed(spec);
                    params.put(p.name(), hostile);
                    AsmException e = assertThrows(
                            AsmException.class,
                            () -> ParameterValidator.validate(spec, params),
                            spec.name() + "." + p.name() + "=" + hostile);
                    assertEquals("InvalidParameter", e.code());
                    assertEquals(400, e.httpStatus());
                    assertTrue(
                            e.getMessage()
                                    .startsWith(
                                            "The specified parameter \"" + p.name() + "\" is not valid. It must be "),
                            e.getMessage());
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "checked " + checked);
    }

    @Test
    void freeTextIsBoundedAndSingleLine() {
        ActionSpec create = ActionCatalogue.find("CreateServiceMesh").orElseThrow();
        for (String hostile : List.of("demo\nx", "a".repeat(129), "tab\tbed")) {
            Map<String, String> params = wellFormed(create);
            params.put("Name", hostile);
            assertEquals(
                    "InvalidParameter",
                    assertThrows(AsmException.class, () -> ParameterValidator.validate(create, params))
                            .code(),
                    hostile);
        }
        Map<String, String> params = wellFormed(create);
        params.put("AuditProject", "x\u0007");
        assertThrows(AsmException.class, () -> ParameterValidator.validate(create, params));
        params.put("AuditProject", "x".repeat(4097));
        assertThrows(AsmException.class, () -> ParameterValidator.validate(create, params));
    }

    @Test
    void meshIdsAreWhatMeshServiceMakes() {
        assertTrue(ValueFormat.MESH_ID.accepts("c" + "0123456789abcdef".repeat(2)));
        for (String wrong : List.of(
                "C08BA3FD1E6484B0F8CC1AD8FE10D1234",
                "c08ba3fd1e6484b0f8cc1ad8fe10d123",
                "cslow000",
                "d08ba3fd1e6484b0f8cc1ad8fe10d1234",
                "c08ba3fd1e6484b0f8cc1ad8fe10d12345")) {
            assertTrue(!ValueFormat.MESH_ID.accepts(wrong), wrong);
        }
    }

    @Test
    void numbersHaveRanges() {
        ActionSpec list = ActionCatalogue.find("DescribeServiceMeshes").orElseThrow();
        for (Map<String, String> params : List.of(
                Map.of("PageNumber", "99999999999"),
                Map.of("PageNumber", "0"),
                Map.of("PageSize", "101"),
                Map.of("PageSize", "0"))) {
            AsmException e = assertThrows(AsmException.class, () -> ParameterValidator.validate(list, params));
            String name = params.keySet().iterator().next();
            assertEquals("InvalidParameter", e.code());
            assertTrue(
                    e.getMessage().contains("\"" + name + "\"")
                            && e.getMessage().contains("from 1 to"),
                    e.getMessage());
        }
        assertEquals(
                Map.of("PageNumber", 1_000_000L, "PageSize", 100L),
                ParameterValidator.validate(list, Map.of("PageNumber", "1000000", "PageSize", "100")));
        ActionSpec clusters =
                ActionCatalogue.find("DescribeServiceMeshClusters").orElseThrow();
        assertThrows(AsmException.class, () -> ParameterValidator.validate(clusters, Map.of("Offset", "-1")));
        assertThrows(AsmException.class, () -> ParameterValidator.validate(clusters, Map.of("Limit", "1001")));
        ActionSpec update = ActionCatalogue.find("UpdateMeshFeature").orElseThrow();
        assertThrows(
                AsmException.class,
                () -> ParameterValidator.validate(
                        update, Map.of("ServiceMeshId", SAMPLES.get(ValueFormat.MESH_ID), "TraceSampling", "100.5")));
    }

    @Test
    void anEmptyOptionalIdentifierIsAbsent() {
        ActionSpec cens = ActionCatalogue.find("DescribeCens").orElseThrow();
        assertEquals(Map.of(), ParameterValidator.validate(cens, Map.of("ServiceMeshId", "")));
    }
}
