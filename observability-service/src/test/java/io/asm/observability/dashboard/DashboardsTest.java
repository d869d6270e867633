package io.asm.observability.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shipped dashboard is a well-formed Grafana model with templated datasource and variables it declares. */
class DashboardsTest {

    static final String MESH = "c0123456789abcdef0123456789abcdef";
    /** Grafana's own variables, which a dashboard uses without declaring. */
    private static final Set<String> BUILT_IN = Set.of("__rate_interval", "__interval", "__range");

    private static final Pattern USE = Pattern.compile("\\$\\{?(\\w+)}?");

    static List<DashboardSpec> specs() {
        return Stream.concat(IstioDashboards.all().stream(), Stream.of(AccessLogDashboard.spec()))
                .toList();
    }

    @Test
    void uidsAreStableUniqueAndFitGrafanasLimit() {
        assertEquals(
                List.of("mesh", "svc", "wkld", "perf", "ctrl", "alog"),
                specs().stream().map(DashboardSpec::uidPrefix).toList());
        Set<String> uids = new HashSet<>();
        for (DashboardSpec spec : specs()) {
            ObjectNode model = GrafanaModel.render(spec, MESH);
            assertEquals(spec.uidPrefix() + "-" + MESH, model.path("uid").asText());
            String template = GrafanaModel.render(spec, null).path("uid").asText();
            assertEquals("asm-" + spec.slug(), template);
            for (String uid : List.of(model.path("uid").asText(), template)) {
                // Grafana's dashboard schema: "string (8-40)", of letters, digits, '-' and '_'.
                assertTrue(uid.matches("[A-Za-z0-9_-]{8,40}"), uid);
                assertTrue(uids.add(uid), uid);
            }
        }
        assertEquals(
                "asm-istio-control-plane-dashboard",
                IstioDashboards.controlPlane().uid(null));
        assertEquals("istio-mesh-dashboard", IstioDashboards.mesh().slug());
        assertEquals("mesh-access-log-details-cn", AccessLogDashboard.spec().slug());
    }

    @Test
    void everyDashboardHasATemplatedDatasourceAndTheClusterNamespaceAndMeshVariables() {
        for (DashboardSpec spec : specs()) {
            ObjectNode model = GrafanaModel.render(spec, MESH);
            assertEquals(spec.title(), model.path("title").asText());
            assertTrue(model.path("schemaVersion").asInt() >= 36);
            JsonNode variables = model.path("templating").path("list");
            JsonNode datasource = variables.get(0);
            assertEquals("datasource", datasource.path("name").asText());
            assertEquals("datasource", datasource.path("type").asText());
            assertEquals(spec.datasourceType(), datasource.path("query").asText());
            List<String> names = new ArrayList<>();
            variables.forEach(v -> names.add(v.path("name").asText()));
            assertTrue(
                    names.containsAll(List.of("datasource", "cluster", "namespace", "mesh")),
                    spec.title() + ": " + names);
            JsonNode mesh = variables.get(variables.size() - 1);
            assertEquals("textbox", mesh.path("type").asText());
            assertEquals(MESH, mesh.path("query").asText());
            for (JsonNode v : variables) {
                if (v.path("type").asText().equals("query")) {
                    assertEquals(
                            "${datasource}", v.path("datasource").path("uid").asText(), v.toString());
                    assertFalse(v.path("query").asText().isBlank());
                }
            }
        }
    }

    @Test
    void everyPanelHasTargetsInTheTemplatedDatasourceAndUsesOnlyDeclaredVariables() {
        for (DashboardSpec spec : specs()) {
            ObjectNode model = GrafanaModel.render(spec, MESH);
            Set<String> declared = new HashSet<>(BUILT_IN);
            model.path("templating")
                    .path("list")
                    .forEach(v -> declared.add(v.path("name").asText()));
            JsonNode panels = model.path("panels");
            assertTrue(panels.size() >= 5, spec.title());
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels) {
                assertTrue(ids.add(panel.path("id").asInt()));
                assertFalse(panel.path("title").asText().isBlank());
                assertTrue(Set.of("stat", "timeseries", "table", "logs")
                        .contains(panel.path("type").asText()));
                assertTrue(panel.path("gridPos").path("x").asInt()
                                + panel.path("gridPos").path("w").asInt()
                        <= 24);
                assertEquals(
                        spec.datasourceType(),
                        panel.path("datasource").path("type").asText());
                assertEquals(
                        "${datasource}", panel.path("datasource").path("uid").asText());
                JsonNode targets = panel.path("targets");
                assertTrue(targets.size() >= 1, panel.path("title").asText());
                for (JsonNode target : targets) {
                    assertEquals(
                            "${datasource}",
                            target.path("datasource").path("uid").asText());
                    String expr = target.path("expr").asText();
                    assertFalse(expr.isBlank());
                    Matcher m = USE.matcher(expr);
                    while (m.find()) {
                        assertTrue(declared.contains(m.group(1)), spec.title() + " uses undeclared $" + m.group(1));
                    }
                }
            }
        }
    }

    @Test
    void theAccessLogDashboardReadsTheEnvoyAccessLogFieldsOfIstioProxies() {
        DashboardSpec log = AccessLogDashboard.spec();
        assertEquals("mesh-access-log_details_cn", log.title());
        assertEquals("loki", log.datasourceType());
        String all = String.join(
                "\n",
                log.panels().stream()
                        .flatMap(p -> p.queries().stream())
                        .map(Panel.Query::expr)
                        .toList());
        for (String field : List.of(
                "response_code",
                "unwrap duration",
                "by (path)",
                "by (authority)",
                "response_flags != \"-\"",
                "by (upstream_host)",
                "container=\"istio-proxy\"",
                "namespace=~\"$namespace\"")) {
            assertTrue(all.contains(field), field);
        }
    }
}
