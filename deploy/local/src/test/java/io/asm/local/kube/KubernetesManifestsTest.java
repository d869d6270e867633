package io.asm.local.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asm.local.SuiteLayout;
import io.asm.local.kube.NetworkPolicies.Endpoint;
import io.asm.local.kube.NetworkPolicies.Port;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes, rendered overlay by overlay with {@code kubectl kustomize}: what each service's pod sets is what
 * the service reads (derived from its source tree), its probes and hardening, the traffic the NetworkPolicies admit
 * (against the intended matrix), and every object applied to a simulated API server.
 */
class KubernetesManifestsTest {

    private static final Path REPO = SuiteLayout.findRepo(Path.of(""));
    private static final List<String> SERVICES =
            List.of("gateway", "mesh-service", "cluster-service", "observability-service", "vm-service");
    /** Read by the JVM itself (and glibc's malloc), not by the service's configuration. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

    private static final Pattern SERVICE_URL = Pattern.compile("^http://([a-z0-9-]+):(\\d+)$");
    private static final Map<String, String> HEALTH =
            Map.of("startup", "/q/health/started", "readiness", "/q/health/ready", "liveness", "/q/health/live");

    /** Who may call whom (docs/operations.md): routing, event subscriptions, internal clients. */
    private static final Map<String, List<String>> CALLS = Map.of(
            "gateway", List.of("mesh-service", "cluster-service", "observability-service", "vm-service"),
            "mesh-service", List.of("cluster-service", "observability-service", "vm-service"),
            "cluster-service", List.of("mesh-service", "observability-service", "vm-service"),
            "observability-service", List.of("cluster-service"),
            "vm-service", List.of("mesh-service", "cluster-service"));
    /** Services that call tenants' (and hosted meshes') Kubernetes API servers. */
    private static final Set<String> CALL_API_SERVERS =
            Set.of("mesh-service", "cluster-service", "observability-service", "vm-service");

    @TempDir
    static Path work;

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new KubernetesMockServer(
                new Context(Serialization.jsonMapper()),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(),
                false);
        server.init();
        client = server.createClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native", "external-postgres"})
    void overlay(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        Rendered r = new Rendered(objects);
        for (String name : SERVICES) {
            service(overlay, name, r);
        }
        for (PodTemplateSpec pod : r.podTemplates().values()) {
            hardened(pod);
        }
        references(r);
        networkPolicies(overlay, r);
        rbac(r);
        applied(objects);
    }

    private static void service(String overlay, String name, Rendered r) throws IOException {
        ServiceSettings settings = ServiceSettings.of(REPO, name);
        Deployment d = r.one(Deployment.class, name);
        PodTemplateSpec pod = d.getSpec().getTemplate();
        Container c = pod.getSpec().getContainers().get(0);
        String tag = "0.1.0-SNAPSHOT" + (overlay.equals("native") ? "-native" : "");
        assertEquals("asm/" + name + ":" + tag, c.getImage(), name + ": image");

        Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertEquals(c.getEnv().size(), env.size(), name + ": a variable set twice");
        for (String variable : env.keySet()) {
            assertTrue(
                    settings.reads(variable) || JVM_VARIABLES.contains(variable),
                    name + " sets " + variable + ", which it does not read (its properties and @ConfigMappings)");
        }
        for (String required : settings.required()) {
            assertTrue(env.containsKey(required), name + " needs " + required);
        }
        assertEquals(
                settings.cryptoRequired(),
                env.containsKey("ASM_CRYPTO_KEY"),
                name + ": ASM_CRYPTO_KEY only for the services that seal secrets");
        assertEquals(name.replaceFirst("-service$", ""), env.get("ASM_DB_USER").getValue(), name + ": its own role");
        assertEquals(
                "DB_PASSWORD_" + name.replaceFirst("-service$", "").toUpperCase(),
                env.get("ASM_DB_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
        if (name.equals("mesh-service")) {
            assertEquals("hosted", env.get("ASM_MESH_PROVISIONER").getValue());
            assertFalse(env.containsKey("ASM_MESH_HOSTED_KUBECONFIG_FILE"), "in-cluster configuration");
        }
        if (overlay.equals("jvm")) {
            assertTrue(env.containsKey("JAVA_TOOL_OPTIONS"), name + ": heap sized to the limit");
        } else if (overlay.equals("native")) {
            assertFalse(env.containsKey("JAVA_TOOL_OPTIONS"), name + ": no JVM in a native image");
        }

        // Listens where the probes, the Service and the NetworkPolicies look.
        assertEquals(1, c.getPorts().size());
        assertEquals("http", c.getPorts().get(0).getName());
        int port = c.getPorts().get(0).getContainerPort();
        assertEquals(String.valueOf(port), env.get(settings.portVariable()).getValue(), name + " listens on " + port);
        Map<String, Probe> probes = Map.of(
                "startup", c.getStartupProbe(), "readiness", c.getReadinessProbe(), "liveness", c.getLivenessProbe());
        HEALTH.forEach((kind, path) -> {
            assertNotNull(probes.get(kind), name + ": " + kind + " probe");
            HTTPGetAction get = probes.get(kind).getHttpGet();
            assertEquals(path, get.getPath(), name + ": " + kind + " probe path");
            assertEquals("http", get.getPort().getStrVal(), name + ": " + kind + " probe port");
        });
        assertTrue(
                Files.readString(REPO.resolve("common/pom.xml")).contains("quarkus-smallrye-health")
                        && Files.readString(REPO.resolve(name + "/pom.xml"))
                                .contains("<artifactId>common</artifactId>"),
                name + " serves /q/health (SmallRye Health, through common)");

        // Peers are Services of the suite, on their port.
        env.values().stream().filter(e -> e.getValue() != null).forEach(e -> {
            Matcher m = SERVICE_URL.matcher(e.getValue());
            if (m.matches()) {
                Service s = r.one(Service.class, m.group(1));
                assertTrue(
                        s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == Integer.parseInt(m.group(2))),
                        name + ": " + e.getName() + " names a port of " + m.group(1));
                assertTrue(CALLS.get(name).contains(m.group(1)), name + " calls " + m.group(1) + " (CALLS)");
            }
        });

        Service s = r.one(Service.class, name);
        assertTrue(NetworkPolicies.matches(
                new io.fabric8.kubernetes.api.model.LabelSelector(
                        null, s.getSpec().getSelector()),
                pod.getMetadata().getLabels()));
        assertEquals("http", s.getSpec().getPorts().get(0).getName(), "ServiceMonitor port");
        assertEquals("http", s.getSpec().getPorts().get(0).getTargetPort().getStrVal());

        HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class, name);
        assertEquals("autoscaling/v2", hpa.getApiVersion());
        assertEquals(name, hpa.getSpec().getScaleTargetRef().getName());
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, name + ": several replicas");
        assertEquals(null, d.getSpec().getReplicas(), name + ": the HPA owns the replica count");
        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class, name);
        assertTrue(NetworkPolicies.matches(
                pdb.getSpec().getSelector(), pod.getMetadata().getLabels()));

        ServiceAccount sa = r.one(ServiceAccount.class, pod.getSpec().getServiceAccountName());
        boolean needsApi = name.equals("mesh-service"); // the hosted provisioner talks to this cluster
        assertEquals(needsApi, sa.getAutomountServiceAccountToken());
        assertEquals(needsApi, pod.getSpec().getAutomountServiceAccountToken());
    }

    /** Every workload: non-root, read-only root with /tmp, no privilege, limits. */
    private static void hardened(PodTemplateSpec pod) {
        var podSecurity = pod.getSpec().getSecurityContext();
        assertEquals(true, podSecurity.getRunAsNonRoot());
        assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType());
        for (Container c : pod.getSpec().getContainers()) {
            String what = c.getName() + ": ";
            var sc = c.getSecurityContext();
            assertEquals(true, sc.getReadOnlyRootFilesystem(), what + "read-only root");
            assertEquals(false, sc.getAllowPrivilegeEscalation(), what + "no privilege escalation");
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), what + "no capabilities");
            assertTrue(
                    c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")), what + "/tmp");
            Map<String, ?> limits = c.getResources().getLimits();
            assertTrue(limits.containsKey("cpu") && limits.containsKey("memory"), what + "limits");
            assertTrue(c.getResources().getRequests().containsKey("memory"), what + "requests");
        }
    }

    /** Every Secret and ConfigMap key a pod reads exists in the rendered output. */
    private static void references(Rendered r) {
        Map<String, Set<String>> secrets = new HashMap<>();
        r.all(Secret.class)
                .forEach(s -> secrets.put(s.getMetadata().getName(), s.getData().keySet()));
        Map<String, Set<String>> configMaps = new HashMap<>();
        r.all(ConfigMap.class)
                .forEach(m ->
                        configMaps.put(m.getMetadata().getName(), m.getData().keySet()));
        r.podTemplates().forEach((workload, pod) -> {
            for (Container c : pod.getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var s = e.getValueFrom().getSecretKeyRef();
                    var m = e.getValueFrom().getConfigMapKeyRef();
                    if (s != null && secrets.containsKey(s.getName())) {
                        assertTrue(secrets.get(s.getName()).contains(s.getKey()), workload + ": " + e.getName());
                    } else if (s != null) {
                        // Made by the operator outside kustomize: CloudNativePG's superuser Secret.
                        assertTrue(
                                r.all(GenericKubernetesResource.class).stream()
                                        .anyMatch(g -> s.getName()
                                                .equals(g.getMetadata().getName() + "-superuser")),
                                workload + ": Secret " + s.getName());
                    } else if (m != null) {
                        assertTrue(
                                configMaps.getOrDefault(m.getName(), Set.of()).contains(m.getKey()),
                                workload + ": " + e.getName());
                    }
                }
            }
        });
    }

    /** Every pair of endpoints, every port: what the policies admit is exactly the intended matrix. */
    private static void networkPolicies(String overlay, Rendered r) {
        List<Endpoint> endpoints = new ArrayList<>();
        r.podTemplates().forEach((workload, pod) -> {
            Map<String, Port> ports = new LinkedHashMap<>();
            pod.getSpec()
                    .getContainers()
                    .forEach(c -> c.getPorts().forEach(p -> ports.put(p.getName(), Port.tcp(p.getContainerPort()))));
            endpoints.add(Endpoint.pod(workload, "asm", pod.getMetadata().getLabels(), ports));
        });
        Map<String, Port> pgPorts = Map.of("postgres", Port.tcp(5432), "status", Port.tcp(8000));
        for (GenericKubernetesResource cnpg : r.all(GenericKubernetesResource.class)) {
            for (String instance : List.of("-1", "-2")) {
                Map<String, String> labels =
                        Map.of("cnpg.io/cluster", cnpg.getMetadata().getName());
                endpoints.add(Endpoint.pod("cnpg" + instance, "asm", labels, pgPorts));
            }
        }
        Map<String, Port> http = Map.of("http", Port.tcp(80), "https", Port.tcp(443));
        endpoints.add(Endpoint.pod("ingress-controller", "ingress-nginx", Map.of("app", "ingress"), http));
        endpoints.add(Endpoint.pod("prometheus", "monitoring", Map.of("app", "prometheus"), Map.of()));
        endpoints.add(Endpoint.pod("cnpg-operator", "cnpg-system", Map.of("app", "cnpg"), Map.of()));
        endpoints.add(Endpoint.pod("stranger", "default", Map.of("app.kubernetes.io/name", "gateway"), http));
        endpoints.add(Endpoint.pod(
                "kube-dns",
                "kube-system",
                Map.of("k8s-app", "kube-dns"),
                Map.of("dns", new Port("UDP", 53), "dns-tcp", Port.tcp(53))));
        endpoints.add(
                Endpoint.address("api-server", "203.0.113.10", Map.of("https", Port.tcp(443), "alt", Port.tcp(6443))));
        endpoints.add(
                Endpoint.address("internet", "198.51.100.7", Map.of("http", Port.tcp(80), "postgres", Port.tcp(5432))));

        NetworkPolicies policies = new NetworkPolicies(r.all(NetworkPolicy.class));
        Set<String> actual = new TreeSet<>();
        for (Endpoint from : endpoints) {
            for (Endpoint to : endpoints) {
                for (Port port : to.ports().values()) {
                    // Traffic between pods of other namespaces is no business of the suite's policies.
                    boolean ours = "asm".equals(from.namespace()) || "asm".equals(to.namespace());
                    if (from != to && ours && policies.allows(from, to, port)) {
                        actual.add(from.name() + " -> " + to.name() + ":" + port);
                    }
                }
            }
        }
        assertEquals(intended(overlay, endpoints), actual, overlay + ": traffic the NetworkPolicies admit");
    }

    private static Set<String> intended(String overlay, List<Endpoint> endpoints) {
        boolean cnpg = overlay.equals("external-postgres");
        List<String> databases = cnpg ? List.of("cnpg-1", "cnpg-2") : List.of("postgres");
        Set<String> allowed = new TreeSet<>();
        for (Endpoint e : endpoints) {
            if ("asm".equals(e.namespace())) {
                allowed.add(e.name() + " -> kube-dns:UDP/53");
                allowed.add(e.name() + " -> kube-dns:TCP/53");
            }
        }
        allowed.add("ingress-controller -> gateway:TCP/8080");
        for (String s : SERVICES) {
            allowed.add("prometheus -> " + s + ":TCP/8080");
            CALLS.get(s).forEach(peer -> allowed.add(s + " -> " + peer + ":TCP/8080"));
            if (CALL_API_SERVERS.contains(s)) {
                allowed.add(s + " -> api-server:TCP/443");
                allowed.add(s + " -> api-server:TCP/6443");
            }
        }
        for (String client :
                Stream.concat(SERVICES.stream(), Stream.of("asm-db-roles")).toList()) {
            databases.forEach(db -> allowed.add(client + " -> " + db + ":TCP/5432"));
        }
        if (cnpg) {
            allowed.add("cnpg-1 -> cnpg-2:TCP/5432");
            allowed.add("cnpg-2 -> cnpg-1:TCP/5432");
            for (String db : databases) {
                allowed.add("cnpg-operator -> " + db + ":TCP/8000");
                allowed.add(db + " -> api-server:TCP/443");
                allowed.add(db + " -> api-server:TCP/6443");
            }
        }
        return allowed;
    }

    /** mesh-service's rights: exactly what the hosted provisioner does, nothing cluster-wide beyond it. */
    private static void rbac(Rendered r) {
        ClusterRole role = r.one(ClusterRole.class, "asm-mesh-service");
        Map<String, Set<String>> rights = new TreeMap<>();
        role.getRules()
                .forEach(rule -> rule.getResources()
                        .forEach(res -> rights.computeIfAbsent(res, k -> new TreeSet<>())
                                .addAll(rule.getVerbs())));
        assertEquals(
                Map.of(
                        "namespaces", Set.of("create", "patch", "delete"),
                        "services", Set.of("create", "patch"),
                        "configmaps", Set.of("create", "patch"),
                        "secrets", Set.of("get", "create", "patch"),
                        "statefulsets", Set.of("create", "patch"),
                        "deployments", Set.of("create", "patch")),
                rights);
        assertEquals(1, r.all(ClusterRole.class).size());
        // Its writes are confined to namespaces asm-* by admission, for the account the Deployment runs as.
        ValidatingAdmissionPolicy confine = r.one(ValidatingAdmissionPolicy.class, "asm-mesh-service-namespaces");
        String account = "system:serviceaccount:asm:"
                + r.one(Deployment.class, "mesh-service")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getServiceAccountName();
        assertEquals(
                "request.userInfo.username == '" + account + "'",
                confine.getSpec().getMatchConditions().get(0).getExpression());
        assertTrue(confine.getSpec().getValidations().get(0).getExpression().contains(".startsWith('asm-')"));
        assertEquals(
                List.of("Deny"),
                r.one(ValidatingAdmissionPolicyBinding.class, "asm-mesh-service-namespaces")
                        .getSpec()
                        .getValidationActions());
    }

    /** Every object is accepted by an API server (fabric8's CRUD mock); custom resources as generic ones. */
    private static void applied(List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            HasMetadata created;
            if (o instanceof GenericKubernetesResource g) {
                String[] gv = g.getApiVersion().split("/");
                var crd = new ResourceDefinitionContext.Builder()
                        .withGroup(gv[0])
                        .withVersion(gv[1])
                        .withKind(g.getKind())
                        .withPlural(g.getKind().toLowerCase() + "s")
                        .withNamespaced(true)
                        .build();
                created = client.genericKubernetesResources(crd)
                        .inNamespace(g.getMetadata().getNamespace())
                        .resource(g)
                        .createOr(existing -> existing.update());
            } else {
                if (!(o instanceof Namespaced)) {
                    // As an API server does: kustomize namespaces the cluster-scoped kinds it does not know (VAP).
                    o.getMetadata().setNamespace(null);
                }
                created = client.resource(o).createOr(existing -> existing.update());
            }
            assertNotNull(
                    created.getMetadata().getUid(),
                    o.getKind() + " " + o.getMetadata().getName());
            assertEquals(o.getMetadata().getName(), created.getMetadata().getName());
        }
    }

    /** A throwaway copy with secrets from generate-secrets.sh, rendered by kubectl kustomize. */
    private static List<HasMetadata> render(String overlay) throws Exception {
        Path copy = work.resolve(overlay);
        Path source = REPO.resolve("deploy/kubernetes");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("secrets.env")) {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        run(copy, List.of("bash", copy.resolve("generate-secrets.sh").toString()));
        String yaml = run(
                copy,
                List.of(
                        kubectl(),
                        "kustomize",
                        copy.resolve("overlays/" + overlay).toString()));
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items();
    }

    private static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl").toString();
            }
        }
        return fail("kubectl (with kustomize) is not on the PATH: it renders deploy/kubernetes."
                + " Install it (https://kubernetes.io/docs/tasks/tools/) and run again.");
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed");
        return out;
    }

    /** The rendered objects by kind and name. */
    private record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            List<T> found = all(type).stream()
                    .filter(o -> o.getMetadata().getName().equals(name))
                    .toList();
            assertEquals(1, found.size(), type.getSimpleName() + " " + name);
            return found.get(0);
        }

        Map<String, PodTemplateSpec> podTemplates() {
            Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
            all(Deployment.class)
                    .forEach(
                            d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
            all(StatefulSet.class)
                    .forEach(
                            s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
            all(Job.class)
                    .forEach(
                            j -> pods.put(j.getMetadata().getName(), j.getSpec().getTemplate()));
            return pods;
        }
    }
}
