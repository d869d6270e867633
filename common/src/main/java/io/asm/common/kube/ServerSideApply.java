package io.asm.common.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every Kubernetes write of the suite: server-side apply, forcing conflicts, under one field manager per service
 * ({@code asm-<application name>}), so a repeat is harmless and each service owns the fields it wrote.
 */
public final class ServerSideApply {

    private static final class FieldManager {
        static final String NAME = "asm-"
                + ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.application.name", String.class)
                        .orElse("control-plane");
    }

    private ServerSideApply() {}

    public static <T extends HasMetadata> T apply(KubernetesClient k, T object) {
        return k.resource(object)
                .fieldManager(FieldManager.NAME)
                .forceConflicts()
                .serverSideApply();
    }

    /** A custom resource (Istio's ServiceEntry, WorkloadEntry, ...) of the kind {@code context} names. */
    public static GenericKubernetesResource apply(
            KubernetesClient k, ResourceDefinitionContext context, GenericKubernetesResource object) {
        return k.genericKubernetesResources(context)
                .inNamespace(object.getMetadata().getNamespace())
                .resource(object)
                .fieldManager(FieldManager.NAME)
                .forceConflicts()
                .serverSideApply();
    }
}
