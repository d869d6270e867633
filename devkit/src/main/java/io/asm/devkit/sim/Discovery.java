package io.asm.devkit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API discovery ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>}) for a simulated API
 * server: the kinds the suite and its users write, plus the server's own CRDs. kubectl needs it to resolve
 * {@code get ns} or {@code get virtualservices}; the CRUD dispatcher would answer those paths with a list of objects.
 */
final class Discovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GROUP_VERSION = Pattern.compile("/apis/([^/]+)/([^/]+)");
    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** One resource kind the server serves. */
    record Resource(
            String group, String version, String plural, String kind, boolean namespaced, List<String> shortNames) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** Built-in kinds: what the control plane, the kubelet and kubectl users of a simulated cluster touch. */
    static final List<Resource> BUILT_IN = List.of(
            new Resource("", "v1", "namespaces", "Namespace", false, List.of("ns")),
            new Resource("", "v1", "nodes", "Node", false, List.of("no")),
            new Resource("", "v1", "pods", "Pod", true, List.of("po")),
            new Resource("", "v1", "services", "Service", true, List.of("svc")),
            new Resource("", "v1", "endpoints", "Endpoints", true, List.of("ep")),
            new Resource("", "v1", "configmaps", "ConfigMap", true, List.of("cm")),
            new Resource("", "v1", "secrets", "Secret", true, List.of()),
            new Resource("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
            new Resource("", "v1", "events", "Event", true, List.of("ev")),
            new Resource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc")),
            new Resource("", "v1", "replicationcontrollers", "ReplicationController", true, List.of("rc")),
            new Resource("apps", "v1", "deployments", "Deployment", true, List.of("deploy")),
            new Resource("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts")),
            new Resource("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds")),
            new Resource("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs")),
            new Resource("batch", "v1", "jobs", "Job", true, List.of()),
            new Resource("batch", "v1", "cronjobs", "CronJob", true, List.of("cj")),
            new Resource(
                    "autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa")),
            new Resource("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb")),
            new Resource("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, List.of()),
            new Resource("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol")),
            new Resource("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing")),
            new Resource("coordination.k8s.io", "v1", "leases", "Lease", true, List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of()),
            new Resource(
                    "rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of()),
            new Resource(
                    "admissionregistration.k8s.io",
                    "v1",
                    "mutatingwebhookconfigurations",
                    "MutatingWebhookConfiguration",
                    false,
                    List.of()),
            new Resource(
                    "admissionregistration.k8s.io",
                    "v1",
                    "validatingwebhookconfigurations",
                    "ValidatingWebhookConfiguration",
                    false,
                    List.of()),
            new Resource(
                    "apiextensions.k8s.io",
                    "v1",
                    "customresourcedefinitions",
                    "CustomResourceDefinition",
                    false,
                    List.of("crd", "crds")));

    private Discovery() {}

    /** True for the paths discovery answers (and the CRUD dispatcher must not). */
    static boolean handles(String path) {
        return path.equals("/api")
                || path.equals("/apis")
                || path.equals("/api/v1")
                || GROUP_VERSION.matcher(path).matches();
    }

    /**
     * The discovery document at {@code path}, given the server's CRDs (a list body of
     * {@code customresourcedefinitions}, read only where the document lists resources); empty for a group/version it
     * does not serve (404).
     */
    static Optional<String> document(String path, Supplier<String> crdList) {
        if (path.equals("/api")) {
            ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            versions.putArray("serverAddressByClientCIDRs");
            return Optional.of(versions.toString());
        }
        List<Resource> all = new ArrayList<>(BUILT_IN);
        all.addAll(fromCrds(crdList.get()));
        if (path.equals("/apis")) {
            return Optional.of(groups(all).toString());
        }
        if (path.equals("/api/v1")) {
            return Optional.of(resources("v1", all).toString());
        }
        Matcher m = GROUP_VERSION.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String groupVersion = m.group(1) + "/" + m.group(2);
        return all.stream().anyMatch(r -> r.groupVersion().equals(groupVersion))
                ? Optional.of(resources(groupVersion, all).toString())
                : Optional.empty();
    }

    private static ObjectNode groups(List<Resource> all) {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        for (Resource r : all) {
            if (!r.group().isEmpty()) {
                List<String> versions = versionsByGroup.computeIfAbsent(r.group(), g -> new ArrayList<>());
                if (!versions.contains(r.version())) {
                    versions.add(r.version());
                }
            }
        }
        ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        versionsByGroup.forEach((group, versions) -> {
            ObjectNode g = groups.addObject().put("name", group);
            ArrayNode vs = g.putArray("versions");
            versions.forEach(
                    v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
            g.putObject("preferredVersion")
                    .put("groupVersion", group + "/" + versions.get(0))
                    .put("version", versions.get(0));
        });
        return list;
    }

    private static ObjectNode resources(String groupVersion, List<Resource> all) {
        ObjectNode list = JSON.createObjectNode()
                .put("kind", "APIResourceList")
                .put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        ArrayNode resources = list.putArray("resources");
        for (Resource r : all) {
            if (r.groupVersion().equals(groupVersion)) {
                ObjectNode o = resources
                        .addObject()
                        .put("name", r.plural())
                        .put("singularName", r.kind().toLowerCase())
                        .put("namespaced", r.namespaced())
                        .put("kind", r.kind());
                VERBS.forEach(o.putArray("verbs")::add);
                if (!r.shortNames().isEmpty()) {
                    r.shortNames().forEach(o.putArray("shortNames")::add);
                }
            }
        }
        return list;
    }

    /** Every served version of every CRD in a {@code customresourcedefinitions} list body. */
    static List<Resource> fromCrds(String crdList) {
        List<Resource> out = new ArrayList<>();
        JsonNode items;
        try {
            items = JSON.readTree(crdList).path("items");
        } catch (Exception e) {
            return out;
        }
        for (JsonNode crd : items) {
            JsonNode spec = crd.path("spec");
            boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
            for (JsonNode v : spec.path("versions")) {
                if (v.path("served").asBoolean(true)) {
                    out.add(new Resource(
                            spec.path("group").asText(),
                            v.path("name").asText(),
                            spec.path("names").path("plural").asText(),
                            spec.path("names").path("kind").asText(),
                            namespaced,
                            strings(spec.path("names").path("shortNames"))));
                }
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }
}
