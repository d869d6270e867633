package io.asm.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.asm.istio.IstioCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.List;
import java.util.Set;

/**
 * Validates an object against the structural schema Istio's CRD bundle (crd-all.gen.yaml, the istio-crds module)
 * declares for its kind and version, as the API server's OpenAPI validation would. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated; the object's values keep clear of them (no UDS addresses).
 */
final class IstioSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IstioSchemas() {}

    /** The schema's complaints about {@code object} (an apiVersion/kind/metadata/spec JSON tree); empty when valid. */
    static Set<ValidationMessage> problems(JsonNode object) {
        String[] apiVersion = object.path("apiVersion").asText().split("/");
        String kind = object.path("kind").asText();
        CustomResourceDefinition crd = IstioCrds.all().stream()
                .filter(c -> c.getSpec().getGroup().equals(apiVersion[0])
                        && c.getSpec().getNames().getKind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CRD for " + kind));
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(apiVersion[1]) && v.getServed())
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + apiVersion[1] + " is not served"));
        JsonNode schema = JSON.valueToTree(version.getSchema().getOpenAPIV3Schema());
        JsonSchema validator =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        // Only what a client writes: the server's own metadata fields are not part of the check.
        var copy = object.deepCopy();
        ((ObjectNode) copy).remove(List.of("metadata", "status"));
        return validator.validate(copy);
    }
}
