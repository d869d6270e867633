package io.asm.observability.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** observability-service settings; every one can be set through the environment. */
@ConfigMapping(prefix = "asm.observability")
public interface ObservabilityConfig {

    /** Base URL under which users open the dashboards (DescribeClusterGrafana's URLs). Env: ASM_GRAFANA_URL. */
    @WithDefault("http://127.0.0.1:3000")
    String grafanaUrl();

    /** Where the dashboards are pushed; without an API token nothing is pushed (users import them themselves). */
    GrafanaPush grafana();

    /** Prometheus addresses set by the operator, by cluster id; a cluster not named here is asked for its own. */
    Map<String, String> prometheusUrls();

    /** Bound on each call into a member cluster's API server while discovering its Prometheus. */
    @WithDefault("5s")
    Duration clusterTimeout();

    interface GrafanaPush {

        /** Grafana's HTTP API base; defaults to the public base URL. Env: ASM_GRAFANA_API_URL. */
        Optional<String> apiUrl();

        /** A Grafana service-account token with folder and dashboard write rights. Env: ASM_GRAFANA_API_TOKEN. */
        Optional<String> apiToken();

        /** Bound on connecting to Grafana and on each of its answers, so a hung Grafana cannot hold a push row. */
        @WithDefault("10s")
        Duration timeout();

        @WithDefault("1s")
        Duration initialBackoff();

        /** A Grafana that stays down is retried at this interval, for as long as it takes. */
        @WithDefault("5m")
        Duration maxBackoff();

        /** How often due pushes are looked for (the safety net behind the nudge after each event). */
        @WithDefault("5s")
        Duration interval();
    }
}
