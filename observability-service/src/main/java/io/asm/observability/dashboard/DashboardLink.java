package io.asm.observability.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code Dashboards} in DescribeClusterGrafana and DescribeGuestClusterAccessLogDashboards. */
public record DashboardLink(
        @JsonProperty("Title") String title,
        @JsonProperty("Url") String url) {}
