package io.asm.observability.dashboard;

/**
 * A dashboard variable filled by a query against the dashboard's datasource ({@code label_values(...)}), so the
 * dropdowns offer what the metrics or logs hold; {@code var-<name>} in a URL preselects a value.
 */
public record Variable(String name, String label, String query) {}
