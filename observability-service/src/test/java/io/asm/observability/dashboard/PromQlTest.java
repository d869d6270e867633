package io.asm.observability.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL expression of every Prometheus dashboard, panel queries and the series selectors of its variables, is
 * parsed by Prometheus's own {@code promtool check rules}, written as recording rules with Grafana's variables given
 * sample values. promtool must be installed (.ci/run installs Debian's {@code prometheus}): without it this fails.
 */
class PromQlTest {

    private static final Map<String, String> SAMPLE_VALUES = Map.of(
            "$__rate_interval",
            "5m",
            "$cluster",
            "c1",
            "$namespace",
            "default",
            "$service",
            "reviews.default.svc.cluster.local",
            "$workload",
            "reviews-v1");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

    @Test
    void everyExpressionPassesPromtool() throws Exception {
        List<String> expressions = new ArrayList<>();
        for (DashboardSpec spec : IstioDashboards.all()) {
            spec.panels().forEach(p -> p.queries().forEach(q -> expressions.add(q.expr())));
            for (Variable v : spec.variables()) {
                Matcher m = LABEL_VALUES.matcher(v.query());
                assertTrue(m.matches(), v.query());
                expressions.add(m.group(1));
            }
        }
        assertTrue(expressions.size() > 40, "expressions: " + expressions.size());
        StringBuilder rules = new StringBuilder("groups:\n- name: asm-dashboards\n  rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            String expr = expressions.get(i);
            for (var sample : SAMPLE_VALUES.entrySet()) {
                expr = expr.replace(sample.getKey(), sample.getValue());
            }
            assertTrue(!expr.contains("$"), "an unknown variable in " + expr);
            // A single-quoted YAML scalar: only the quote itself needs escaping.
            rules.append("  - record: asm:dashboard_expr_")
                    .append(i)
                    .append('\n')
                    .append("    expr: '")
                    .append(expr.replace("'", "''"))
                    .append("'\n");
        }
        Path file = Files.createTempFile("asm-dashboards", ".rules.yml");
        Files.writeString(file, rules);
        Process promtool = new ProcessBuilder(promtool(), "check", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, promtool.exitValue(), output);
        assertTrue(output.contains("SUCCESS: " + expressions.size() + " rules found"), output);
        Files.delete(file);
    }

    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return fail("promtool is not installed: apt-get install prometheus (as .ci/run does)");
    }
}
