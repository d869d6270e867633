package io.asm.mesh.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Every Kubernetes write of mesh-service: server-side apply under one field manager, so repeats are harmless. */
final class ServerSideApply {

    static final String FIELD_MANAGER = "asm-mesh-service";

    private ServerSideApply() {
    }

    static <T extends HasMetadata> T apply(KubernetesClient k, T object) {
        return k.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
}
