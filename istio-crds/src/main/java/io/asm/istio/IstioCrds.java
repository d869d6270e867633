package io.asm.istio;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.List;

/** Istio's own CustomResourceDefinitions (networking, security, telemetry, extensions), read once. */
public final class IstioCrds {

    private static final List<CustomResourceDefinition> ALL = load();

    private IstioCrds() {}

    public static List<CustomResourceDefinition> all() {
        return ALL;
    }

    private static List<CustomResourceDefinition> load() {
        try (InputStream in = IstioCrds.class.getResourceAsStream("/istio/crd-all.gen.yaml")) {
            Object parsed = Serialization.unmarshal(in);
            List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
            return items.stream()
                    .filter(CustomResourceDefinition.class::isInstance)
                    .map(CustomResourceDefinition.class::cast)
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the bundled Istio CRDs", e);
        }
    }
}
