package io.asm.vm.kube;

import io.asm.common.kube.VmAppLabel;
import io.asm.vm.domain.VmAppSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of a VM application (DOMAIN.md §3.16, §5.1), built from a validated spec as data — never as YAML text:
 * ServiceEntry {@code mesh-expansion-<svc>} and WorkloadEntries {@code mesh-expansion-<svc>-<i>} for the mesh API
 * server, and Service {@code <svc>} for every member cluster. Each carries {@link VmAppLabel} so removal finds it.
 */
public final class MeshExpansionObjects {

    /** The seed's API version; still served by every Istio release that has these kinds. */
    static final String API_VERSION = "networking.istio.io/v1alpha3";

    static final ResourceDefinitionContext SERVICE_ENTRIES = context("ServiceEntry", "serviceentries");
    static final ResourceDefinitionContext WORKLOAD_ENTRIES = context("WorkloadEntry", "workloadentries");

    private MeshExpansionObjects() {}

    public static GenericKubernetesResource serviceEntry(VmAppSpec app) {
        List<Map<String, Object>> ports = new ArrayList<>();
        for (VmAppSpec.Port p : app.ports()) {
            ports.add(ordered("number", p.number(), "protocol", p.protocol(), "name", p.name()));
        }
        Map<String, Object> spec = ordered(
                "hosts",
                List.of(app.serviceName() + "." + app.namespace() + ".svc.cluster.local"),
                "location",
                "MESH_INTERNAL",
                "resolution",
                "STATIC",
                "workloadSelector",
                Map.of("labels", app.labels()),
                "ports",
                ports);
        return resource("ServiceEntry", app.serviceEntryName(), app, spec);
    }

    /** One per IP, numbered from 1 in {@code Ips} order. */
    public static List<GenericKubernetesResource> workloadEntries(VmAppSpec app) {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (int i = 0; i < app.ips().size(); i++) {
            Map<String, Object> spec = ordered("address", app.ips().get(i), "labels", app.labels());
            if (!app.serviceAccount().isEmpty()) {
                spec.put("serviceAccount", app.serviceAccount()); // Istio checks the VM's SAN against it
            }
            out.add(resource("WorkloadEntry", app.workloadEntryName(i + 1), app, spec));
        }
        return out;
    }

    /**
     * The Service: its selector (the app's labels) makes Istio ≥ 1.7 route to the WorkloadEntries; the service account
     * annotations are the seed's and the one Istio honours.
     */
    public static Service service(VmAppSpec app) {
        Map<String, String> labels = new LinkedHashMap<>(app.labels());
        labels.put(VmAppLabel.KEY, app.serviceName());
        Map<String, String> annotations = new LinkedHashMap<>(app.annotations());
        if (!app.serviceAccount().isEmpty()) {
            annotations.put("kubernetes.io/service-account.name", app.serviceAccount());
            annotations.put("alpha.istio.io/kubernetes-serviceaccounts", app.serviceAccount());
        }
        List<ServicePort> ports = app.ports().stream()
                .map(p -> new ServicePortBuilder()
                        .withName(p.name())
                        .withPort(p.number())
                        .withNewTargetPort(p.number())
                        .withProtocol("TCP")
                        .build())
                .toList();
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(app.serviceName())
                .withNamespace(app.namespace())
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(app.labels())
                .withPorts(ports)
                .endSpec()
                .build();
    }

    /**
     * AddVmAppToMesh's and RemoveVmAppFromMesh's {@code Data} (DOMAIN.md §3.16): object name → object, the Service
     * under its name as a list (one object, written to every member cluster), and what {@code Force} skipped.
     */
    public static Map<String, Object> data(VmAppSpec app) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(app.serviceEntryName(), serviceEntry(app));
        data.put(app.serviceName(), List.of(service(app)));
        workloadEntries(app).forEach(we -> data.put(we.getMetadata().getName(), we));
        if (!app.skipped().isEmpty()) {
            data.put("Skipped", app.skipped()); // upper case: no Kubernetes name can collide with it
        }
        return data;
    }

    private static GenericKubernetesResource resource(
            String kind, String name, VmAppSpec app, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(kind)
                .withNewMetadata()
                .withName(name)
                .withNamespace(app.namespace())
                .addToLabels(VmAppLabel.KEY, app.serviceName())
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("networking.istio.io")
                .withVersion("v1alpha3")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}
