package io.asm.devkit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The internal contract is typed (ARCHITECTURE.md): every endpoint of a service's {@code /q/openapi} names a schema
 * with fields for its request body (when it takes one) and for its answer. A service's test extends this.
 */
public abstract class OpenApiContractTest {

    /** Schemas that have no fields by design, such as an empty answer. */
    protected Set<String> schemasWithoutFields() {
        return Set.of();
    }

    @Test
    void everyEndpointDescribesItsRequestAndAnswer() throws Exception {
        JsonNode doc = new ObjectMapper()
                .readTree(given().accept("application/json").get("/q/openapi").asString());
        JsonNode schemas = doc.path("components").path("schemas");
        // common adds /events and two parked-event paths; a service has endpoints of its own beyond them
        assertTrue(doc.path("paths").size() > 3, "the service's own endpoints are in /q/openapi");
        List<String> untyped = new ArrayList<>();
        doc.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                    String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                    JsonNode request = op.getValue().path("requestBody").path("content");
                    if (!request.isMissingNode() && !typed(firstSchema(request), schemas)) {
                        untyped.add(name + " request");
                    }
                    if (!typed(
                            firstSchema(
                                    op.getValue().path("responses").path("200").path("content")),
                            schemas)) {
                        untyped.add(name + " answer");
                    }
                }));
        assertEquals(List.of(), untyped, "endpoints without a typed request or answer in /q/openapi");
    }

    private static JsonNode firstSchema(JsonNode content) {
        return content.isObject() && content.size() > 0
                ? content.elements().next().path("schema")
                : content;
    }

    /** A named schema (or an array of one) that has properties, or is known to need none. */
    private boolean typed(JsonNode schema, JsonNode schemas) {
        JsonNode s = schema.path("type").asText().equals("array") ? schema.path("items") : schema;
        String ref = s.path("$ref").asText("");
        if (!ref.startsWith("#/components/schemas/")) {
            return false;
        }
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        return schemasWithoutFields().contains(name)
                || schemas.path(name).path("properties").size() > 0;
    }
}
