package io.asm.observability.dashboard;

import java.util.List;
import java.util.Locale;

/**
 * A dashboard this project ships: {@code uidPrefix} is its stable short name (a mesh's copy has uid
 * {@code <uidPrefix>-<ServiceMeshId>}, at most 40 characters as Grafana requires), {@code datasourceType} the
 * Grafana plugin id its datasource variable offers (prometheus, loki).
 */
public record DashboardSpec(
        String uidPrefix, String title, String datasourceType, List<Variable> variables, List<Panel> panels) {

    /** Grafana's slug of the title, the last path segment of {@code /d/<uid>/<slug>}. */
    public String slug() {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * The uid of the copy for one mesh, or of the template when {@code meshId} is null; either has the 8 to 40
     * characters Grafana's dashboard schema asks of a uid.
     */
    public String uid(String meshId) {
        return meshId == null ? "asm-" + slug() : uidPrefix + "-" + meshId;
    }
}
