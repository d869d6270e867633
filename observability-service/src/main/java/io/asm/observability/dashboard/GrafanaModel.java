package io.asm.observability.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders a {@link DashboardSpec} as a Grafana dashboard JSON model (what Grafana's import and
 * {@code POST /api/dashboards/db} take): a {@code datasource} variable of the spec's type that every panel and query
 * uses, the spec's query variables, and a {@code mesh} text variable that a mesh's copy presets.
 */
final class GrafanaModel {

    static final String DATASOURCE_VARIABLE = "datasource";
    /** Grafana 10/11 read this schema version without migrating it. */
    static final int SCHEMA_VERSION = 39;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int FULL_WIDTH = 24;

    private GrafanaModel() {}

    static ObjectNode render(DashboardSpec spec, String meshId) {
        ObjectNode d = NODES.objectNode();
        d.putNull("id");
        d.put("uid", spec.uid(meshId));
        d.put("title", spec.title());
        d.putArray("tags").add("asm").add("istio");
        d.put("schemaVersion", SCHEMA_VERSION);
        d.put("version", 1);
        d.put("editable", true);
        d.put("timezone", "browser");
        d.put("refresh", "30s");
        d.putObject("time").put("from", "now-1h").put("to", "now");
        ArrayNode variables = d.putObject("templating").putArray("list");
        variables.add(datasourceVariable(spec.datasourceType()));
        spec.variables().forEach(v -> variables.add(queryVariable(v)));
        variables.add(meshVariable(meshId));
        ArrayNode panels = d.putArray("panels");
        int x = 0;
        int y = 0;
        for (int i = 0; i < spec.panels().size(); i++) {
            Panel p = spec.panels().get(i);
            int width = p.type().equals("stat") ? 6 : p.type().equals("logs") ? FULL_WIDTH : 12;
            int height = p.type().equals("stat") ? 4 : 8;
            if (x + width > FULL_WIDTH) {
                x = 0;
                y += 8;
            }
            panels.add(panel(i + 1, p, spec.datasourceType(), x, y, width, height));
            x += width;
        }
        return d;
    }

    private static ObjectNode panel(int id, Panel p, String datasourceType, int x, int y, int w, int h) {
        ObjectNode panel = NODES.objectNode();
        panel.put("id", id);
        panel.put("type", p.type());
        panel.put("title", p.title());
        panel.set("datasource", datasourceRef(datasourceType));
        panel.putObject("gridPos").put("x", x).put("y", y).put("w", w).put("h", h);
        panel.putObject("fieldConfig").putObject("defaults").put("unit", p.unit());
        ArrayNode targets = panel.putArray("targets");
        List<Panel.Query> queries = p.queries();
        for (int i = 0; i < queries.size(); i++) {
            ObjectNode t = targets.addObject();
            t.put("refId", String.valueOf((char) ('A' + i)));
            t.set("datasource", datasourceRef(datasourceType));
            t.put("expr", queries.get(i).expr());
            t.put("legendFormat", queries.get(i).legend());
            if (p.type().equals("table")) {
                // Top-k tables want one value per row, not a series.
                t.put("instant", true);
                t.put("queryType", "instant");
            }
        }
        return panel;
    }

    private static ObjectNode datasourceRef(String type) {
        return NODES.objectNode().put("type", type).put("uid", "${" + DATASOURCE_VARIABLE + "}");
    }

    private static ObjectNode datasourceVariable(String type) {
        ObjectNode v = NODES.objectNode();
        v.put("name", DATASOURCE_VARIABLE);
        v.put("label", "Data source");
        v.put("type", "datasource");
        v.put("query", type);
        v.put("hide", 0);
        v.put("refresh", 1);
        v.putObject("current");
        return v;
    }

    private static ObjectNode queryVariable(Variable variable) {
        ObjectNode v = NODES.objectNode();
        v.put("name", variable.name());
        v.put("label", variable.label());
        v.put("type", "query");
        v.set("datasource", NODES.objectNode().put("uid", "${" + DATASOURCE_VARIABLE + "}"));
        v.put("query", variable.query());
        v.put("definition", variable.query());
        v.put("refresh", 2);
        v.put("includeAll", true);
        v.put("multi", false);
        v.put("allValue", ".*");
        v.put("sort", 1);
        v.putObject("current");
        return v;
    }

    private static ObjectNode meshVariable(String meshId) {
        ObjectNode v = NODES.objectNode();
        v.put("name", "mesh");
        v.put("label", "Service mesh");
        v.put("type", "textbox");
        v.put("query", meshId == null ? "" : meshId);
        v.putObject("current").put("text", meshId == null ? "" : meshId).put("value", meshId == null ? "" : meshId);
        return v;
    }
}
