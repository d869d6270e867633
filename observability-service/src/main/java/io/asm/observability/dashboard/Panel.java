package io.asm.observability.dashboard;

import java.util.List;

/** One Grafana panel: what it shows ({@code type}: stat, timeseries, table, logs), in which unit, from which queries. */
public record Panel(String title, String type, String unit, List<Query> queries) {

    /** A query in the dashboard's datasource language (PromQL or LogQL), with the legend Grafana draws for it. */
    public record Query(String expr, String legend) {}

    static Panel stat(String title, String unit, String expr) {
        return new Panel(title, "stat", unit, List.of(new Query(expr, "")));
    }

    static Panel series(String title, String unit, String expr, String legend) {
        return new Panel(title, "timeseries", unit, List.of(new Query(expr, legend)));
    }

    static Panel series(String title, String unit, List<Query> queries) {
        return new Panel(title, "timeseries", unit, queries);
    }

    static Panel table(String title, String expr) {
        return new Panel(title, "table", "short", List.of(new Query(expr, "")));
    }

    static Panel logs(String title, String expr) {
        return new Panel(title, "logs", "short", List.of(new Query(expr, "")));
    }
}
