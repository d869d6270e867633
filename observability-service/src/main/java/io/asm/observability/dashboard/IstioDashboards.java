package io.asm.observability.dashboard;

import static io.asm.observability.dashboard.Panel.series;
import static io.asm.observability.dashboard.Panel.stat;

import io.asm.observability.dashboard.Panel.Query;
import java.util.List;

/**
 * The mesh, service, workload, performance and control-plane dashboards (DOMAIN.md §7.1), written here over Istio's
 * standard metric names (§7.2). Metrics reported by the server side ({@code reporter="destination"}) count each
 * request once; {@code destination_cluster} is the member cluster's id, as the mesh's remote secrets name it.
 */
final class IstioDashboards {

    static final String PROMETHEUS = "prometheus";

    private static final Variable CLUSTER =
            new Variable("cluster", "Cluster", "label_values(istio_requests_total, destination_cluster)");
    private static final Variable NAMESPACE = new Variable(
            "namespace",
            "Namespace",
            "label_values(istio_requests_total{destination_cluster=~\"$cluster\"}, destination_workload_namespace)");
    private static final Variable SERVICE = new Variable(
            "service",
            "Service",
            "label_values(istio_requests_total{destination_cluster=~\"$cluster\", destination_workload_namespace=~\"$namespace\"}, destination_service)");
    private static final Variable WORKLOAD = new Variable(
            "workload",
            "Workload",
            "label_values(istio_requests_total{destination_cluster=~\"$cluster\", destination_workload_namespace=~\"$namespace\"}, destination_workload)");

    private static final String RATE = "[$__rate_interval]";
    private static final String IN_SCOPE = "reporter=\"destination\", destination_cluster=~\"$cluster\", "
            + "destination_workload_namespace=~\"$namespace\"";

    private IstioDashboards() {}

    static List<DashboardSpec> all() {
        return List.of(mesh(), service(), workload(), performance(), controlPlane());
    }

    static DashboardSpec mesh() {
        return new DashboardSpec(
                "mesh",
                "Istio Mesh Dashboard",
                PROMETHEUS,
                List.of(CLUSTER, NAMESPACE),
                List.of(
                        stat(
                                "Global request volume",
                                "reqps",
                                "round(sum(rate(istio_requests_total{" + IN_SCOPE + "}" + RATE + ")), 0.001)"),
                        stat("Global success rate (non-5xx responses)", "percentunit", successRate(IN_SCOPE)),
                        stat(
                                "4xxs",
                                "reqps",
                                "sum(rate(istio_requests_total{" + IN_SCOPE + ", response_code=~\"4..\"}" + RATE
                                        + "))"),
                        stat(
                                "5xxs",
                                "reqps",
                                "sum(rate(istio_requests_total{" + IN_SCOPE + ", response_code=~\"5..\"}" + RATE
                                        + "))"),
                        series(
                                "Requests by service",
                                "reqps",
                                "sum by (destination_service) (rate(istio_requests_total{" + IN_SCOPE + "}" + RATE
                                        + "))",
                                "{{destination_service}}"),
                        series(
                                "P99 latency by service",
                                "ms",
                                quantile(
                                        "0.99",
                                        "istio_request_duration_milliseconds_bucket",
                                        IN_SCOPE,
                                        "destination_service"),
                                "{{destination_service}}"),
                        series(
                                "TCP bytes received by service",
                                "Bps",
                                "sum by (destination_service) (rate(istio_tcp_received_bytes_total{" + IN_SCOPE + "}"
                                        + RATE + "))",
                                "{{destination_service}}"),
                        series(
                                "TCP bytes sent by service",
                                "Bps",
                                "sum by (destination_service) (rate(istio_tcp_sent_bytes_total{" + IN_SCOPE + "}" + RATE
                                        + "))",
                                "{{destination_service}}")));
    }

    static DashboardSpec service() {
        String scope = IN_SCOPE + ", destination_service=~\"$service\"";
        return new DashboardSpec(
                "svc",
                "Istio Service Dashboard",
                PROMETHEUS,
                List.of(CLUSTER, NAMESPACE, SERVICE),
                List.of(
                        stat(
                                "Client request volume",
                                "reqps",
                                "sum(rate(istio_requests_total{" + scope + "}" + RATE + "))"),
                        stat("Client success rate (non-5xx responses)", "percentunit", successRate(scope)),
                        series(
                                "Request duration",
                                "ms",
                                latencies("istio_request_duration_milliseconds_bucket", scope)),
                        series("Request size", "decbytes", latencies("istio_request_bytes_bucket", scope)),
                        series("Response size", "decbytes", latencies("istio_response_bytes_bucket", scope)),
                        series(
                                "Requests by source workload and response code",
                                "reqps",
                                "sum by (source_workload, source_workload_namespace, response_code) (rate(istio_requests_total{"
                                        + scope + "}" + RATE + "))",
                                "{{source_workload}}.{{source_workload_namespace}} {{response_code}}"),
                        series(
                                "TCP connections opened and closed",
                                "cps",
                                List.of(
                                        new Query(
                                                "sum(rate(istio_tcp_connections_opened_total{" + scope + "}" + RATE
                                                        + "))",
                                                "opened"),
                                        new Query(
                                                "sum(rate(istio_tcp_connections_closed_total{" + scope + "}" + RATE
                                                        + "))",
                                                "closed")))));
    }

    static DashboardSpec workload() {
        String inbound = IN_SCOPE + ", destination_workload=~\"$workload\"";
        String outbound =
                "reporter=\"source\", source_cluster=~\"$cluster\", source_workload_namespace=~\"$namespace\", "
                        + "source_workload=~\"$workload\"";
        return new DashboardSpec(
                "wkld",
                "Istio Workload Dashboard",
                PROMETHEUS,
                List.of(CLUSTER, NAMESPACE, WORKLOAD),
                List.of(
                        stat(
                                "Incoming request volume",
                                "reqps",
                                "sum(rate(istio_requests_total{" + inbound + "}" + RATE + "))"),
                        stat("Incoming success rate (non-5xx responses)", "percentunit", successRate(inbound)),
                        series(
                                "Incoming request duration",
                                "ms",
                                latencies("istio_request_duration_milliseconds_bucket", inbound)),
                        series(
                                "Incoming requests by source workload",
                                "reqps",
                                "sum by (source_workload, response_code) (rate(istio_requests_total{" + inbound + "}"
                                        + RATE + "))",
                                "{{source_workload}} {{response_code}}"),
                        series(
                                "Outgoing requests by destination service",
                                "reqps",
                                "sum by (destination_service, response_code) (rate(istio_requests_total{" + outbound
                                        + "}" + RATE + "))",
                                "{{destination_service}} {{response_code}}"),
                        series(
                                "Outgoing request duration by destination service",
                                "ms",
                                quantile(
                                        "0.99",
                                        "istio_request_duration_milliseconds_bucket",
                                        outbound,
                                        "destination_service"),
                                "{{destination_service}} p99"),
                        series(
                                "TCP bytes sent and received",
                                "Bps",
                                List.of(
                                        new Query(
                                                "sum(rate(istio_tcp_sent_bytes_total{" + inbound + "}" + RATE + "))",
                                                "sent"),
                                        new Query(
                                                "sum(rate(istio_tcp_received_bytes_total{" + inbound + "}" + RATE
                                                        + "))",
                                                "received")))));
    }

    /** The data plane's cost: sidecar CPU and memory (cAdvisor) next to the traffic they carry. */
    static DashboardSpec performance() {
        String proxies = "container=\"istio-proxy\", namespace=~\"$namespace\"";
        return new DashboardSpec(
                "perf",
                "Istio Performance Dashboard",
                PROMETHEUS,
                List.of(CLUSTER, NAMESPACE),
                List.of(
                        series(
                                "Requests per second by namespace",
                                "reqps",
                                "sum by (destination_workload_namespace) (rate(istio_requests_total{" + IN_SCOPE + "}"
                                        + RATE + "))",
                                "{{destination_workload_namespace}}"),
                        series(
                                "Sidecar CPU (cores) per 1k requests/s",
                                "short",
                                "(sum(rate(container_cpu_usage_seconds_total{" + proxies + "}" + RATE + ")) / "
                                        + "(sum(rate(istio_requests_total{" + IN_SCOPE + "}" + RATE + ")) / 1000))",
                                "istio-proxy"),
                        series(
                                "Sidecar CPU by pod",
                                "short",
                                "sum by (pod) (rate(container_cpu_usage_seconds_total{" + proxies + "}" + RATE + "))",
                                "{{pod}}"),
                        series(
                                "Sidecar memory by pod",
                                "bytes",
                                "sum by (pod) (container_memory_working_set_bytes{" + proxies + "})",
                                "{{pod}}"),
                        series(
                                "Mesh-wide request duration",
                                "ms",
                                latencies("istio_request_duration_milliseconds_bucket", IN_SCOPE))));
    }

    /** istiod's health: connected proxies, configuration pushes, their errors and latency, and its own resources. */
    static DashboardSpec controlPlane() {
        String istiod = "app=\"istiod\"";
        return new DashboardSpec(
                "ctrl",
                "Istio Control Plane Dashboard",
                PROMETHEUS,
                List.of(CLUSTER, NAMESPACE),
                List.of(
                        stat("Connected proxies", "short", "sum(pilot_xds{" + istiod + "})"),
                        series(
                                "xDS pushes by type",
                                "ops",
                                "sum by (type) (rate(pilot_xds_pushes{" + istiod + "}" + RATE + "))",
                                "{{type}}"),
                        series(
                                "Proxy convergence time (p99)",
                                "s",
                                "histogram_quantile(0.99, sum by (le) (rate(pilot_proxy_convergence_time_bucket{"
                                        + istiod + "}" + RATE + ")))",
                                "p99"),
                        series(
                                "Rejected configurations",
                                "short",
                                List.of(
                                        new Query("sum(pilot_total_xds_rejects{" + istiod + "})", "xDS rejects"),
                                        new Query(
                                                "sum(pilot_total_xds_internal_errors{" + istiod + "})",
                                                "internal errors"))),
                        series(
                                "istiod CPU",
                                "short",
                                "sum by (pod) (rate(process_cpu_seconds_total{" + istiod + "}" + RATE + "))",
                                "{{pod}}"),
                        series(
                                "istiod memory",
                                "bytes",
                                "sum by (pod) (process_resident_memory_bytes{" + istiod + "})",
                                "{{pod}}")));
    }

    private static String successRate(String scope) {
        return "sum(rate(istio_requests_total{" + scope + ", response_code!~\"5..\"}" + RATE + ")) / "
                + "sum(rate(istio_requests_total{" + scope + "}" + RATE + "))";
    }

    private static String quantile(String q, String histogram, String scope, String by) {
        return "histogram_quantile(" + q + ", sum by (le, " + by + ") (rate(" + histogram + "{" + scope + "}" + RATE
                + ")))";
    }

    private static List<Query> latencies(String histogram, String scope) {
        return List.of("0.50", "0.90", "0.99").stream()
                .map(q -> new Query(
                        "histogram_quantile(" + q + ", sum by (le) (rate(" + histogram + "{" + scope + "}" + RATE
                                + ")))",
                        "p" + Math.round(Double.parseDouble(q) * 100)))
                .toList();
    }
}
