package io.asm.observability.dashboard;

import static io.asm.observability.dashboard.Panel.logs;
import static io.asm.observability.dashboard.Panel.series;
import static io.asm.observability.dashboard.Panel.table;

import java.util.List;

/**
 * The per-cluster access-log dashboard (DOMAIN.md §7.3) over the {@code istio-proxy} containers' stdout in a log store
 * of Loki's kind, whose labels name the cluster, namespace and container; the JSON access-log format's keys
 * ({@code response_code}, {@code duration}, {@code path}, ...) become fields through {@code | json}. The title mirrors ASM's.
 */
final class AccessLogDashboard {

    static final String TITLE = "mesh-access-log_details_cn";

    private static final String LINES =
            "{cluster=\"$cluster\", namespace=~\"$namespace\", container=\"istio-proxy\"}" + " | json | __error__=\"\"";

    private AccessLogDashboard() {}

    static DashboardSpec spec() {
        return new DashboardSpec(
                "alog",
                TITLE,
                "loki",
                List.of(
                        new Variable("cluster", "Cluster", "label_values(cluster)"),
                        new Variable("namespace", "Namespace", "label_values({cluster=\"$cluster\"}, namespace)")),
                List.of(
                        series(
                                "Requests by response code",
                                "short",
                                "sum by (response_code) (count_over_time(" + LINES + " [$__interval]))",
                                "{{response_code}}"),
                        series(
                                "Duration p50 / p99",
                                "ms",
                                List.of(
                                        new Panel.Query(
                                                "quantile_over_time(0.50, " + LINES
                                                        + " | unwrap duration [$__interval]) by (cluster)",
                                                "p50"),
                                        new Panel.Query(
                                                "quantile_over_time(0.99, " + LINES
                                                        + " | unwrap duration [$__interval]) by (cluster)",
                                                "p99"))),
                        table("Top paths", "topk(10, sum by (path) (count_over_time(" + LINES + " [$__range])))"),
                        table(
                                "Top authorities",
                                "topk(10, sum by (authority) (count_over_time(" + LINES + " [$__range])))"),
                        series(
                                "Responses with Envoy flags",
                                "short",
                                "sum by (response_flags) (count_over_time(" + LINES
                                        + " | response_flags != \"-\" [$__interval]))",
                                "{{response_flags}}"),
                        table(
                                "Top upstream hosts",
                                "topk(10, sum by (upstream_host) (count_over_time(" + LINES + " [$__range])))"),
                        logs("Access log", LINES)));
    }
}
