package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./asm up} on a suite that runs already: what answers its health check keeps its pid; a service and the
 * simulator killed with kill -9 and a service stopped with SIGSTOP (alive, answering nothing) are started again, the
 * simulator with its clusters restored from its state file; a dead process's port held by a stranger is reported
 * before anything starts; and up on a healthy suite starts nothing. {@code ./asm status} sees each of them.
 */
@ExtendWith(SharedSuite.StoppedFirst.class)
class UpRecoversE2ETest {

    /** Ports 32080-32090 and PostgreSQL at 32432 (see RunningSuite). */
    static final int PORT_BASE = 32000;

    static final List<String> KILLED = List.of("vm-service", "cluster-simulator");
    static final String STOPPED = "observability-service";
    static final List<String> KEPT = List.of("mesh-service", "cluster-service", "gateway", "postgres");

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @Test
    void upKeepsWhatAnswersAndStartsAgainWhatIsDeadOrStuck() throws Exception {
        try (RunningSuite running = new RunningSuite("asm-e2e-up", PORT_BASE, Map.of())) {
            SuiteLayout layout = running.layout;
            assertEquals(List.of("local-dp-1", "local-dp-2"), running.endpoint.clusterIds());
            Map<String, String> kubeconfigs = simulatedKubeconfigs(layout);
            assertEquals(List.of("local-dp-1", "local-dp-2"), List.copyOf(kubeconfigs.keySet()));
            // The simulator writes its state every two seconds: both clusters are in it before it is killed.
            Path state = layout.home().resolve("simulator-state.json");
            await("the simulator's state file")
                    .until(() -> Files.exists(state) && Files.readString(state).contains("local-dp-2"));
            Map<String, Long> before = pids(layout);
            assertEquals(
                    List.of(
                            "cluster-service",
                            "cluster-simulator",
                            "gateway",
                            "mesh-service",
                            "observability-service",
                            "postgres",
                            "vm-service"),
                    List.copyOf(before.keySet()));

            for (String name : KILLED) {
                ProcessHandle p = ProcessHandle.of(before.get(name)).orElseThrow();
                p.destroyForcibly();
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            signal("STOP", before.get(STOPPED));
            try {
                running.output.reset();
                running.suite.status();
                Map<String, String> states = states(running.output.toString());
                assertEquals("stopped", states.get("vm-service"), running.output.toString());
                assertEquals("stopped", states.get("cluster-simulator"), running.output.toString());
                assertEquals("unhealthy", states.get(STOPPED), running.output.toString());
                assertEquals("ready", states.get("mesh-service"), running.output.toString());
                assertEquals("ready", states.get("postgres"), running.output.toString());

                // Someone else on a dead service's port: said before anything starts.
                try (ServerSocket stranger =
                        new ServerSocket(layout.vmPort(), 1, InetAddress.getByName(layout.bind()))) {
                    SuiteException refused = assertThrows(SuiteException.class, running.suite::up);
                    assertTrue(
                            refused.getMessage()
                                    .startsWith("Port " + layout.vmPort()
                                            + " for vm-service (ASM_VM_PORT) is already in use."),
                            refused.getMessage());
                }
                assertFalse(
                        HealthProbe.listening(layout.bind(), layout.simulatorPort()), "the simulator was not started");

                running.output.reset();
                Suite.Endpoint endpoint = running.suite.up();
                String printed = running.output.toString();
                Map<String, Long> after = pids(layout);
                for (String name : KEPT) {
                    assertEquals(before.get(name), after.get(name), name + " kept\n" + printed);
                    assertTrue(printed.contains("keeping  " + name + " ..."), printed);
                }
                for (String name : List.of("vm-service", "cluster-simulator", STOPPED)) {
                    assertNotEquals(before.get(name), after.get(name), name + " started again\n" + printed);
                    assertTrue(printed.contains("starting " + name + " ..."), printed);
                }
                assertTrue(printed.contains("killing  " + STOPPED + " ... pid " + before.get(STOPPED)), printed);
                assertFalse(ProcessHandle.of(before.get(STOPPED)).isPresent(), "the stopped process is gone");
                assertTrue(printed.contains("ASM is up in"), printed);
                assertTrue(printed.contains("ClusterId:       local-dp-2"), printed);

                running.output.reset();
                running.suite.status();
                Map<String, String> ready = states(running.output.toString());
                for (String name : before.keySet()) {
                    assertEquals("ready", ready.get(name), name + "\n" + running.output);
                }

                // The simulator restored its API servers (same ports and tokens: the kubeconfigs handed out still
                // work), and they were neither made nor registered again.
                assertEquals(List.of("local-dp-1", "local-dp-2"), endpoint.clusterIds());
                assertEquals(kubeconfigs, simulatedKubeconfigs(layout));
                try (KubernetesClient k = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(kubeconfigs.get("local-dp-1")))
                        .build()) {
                    assertNotEquals(
                            null, k.namespaces().withName("kube-system").get(), "the restored API server answers");
                }
                assertEquals(List.of("local-dp-1", "local-dp-2"), registeredClusters(running));

                // Everything answers: up starts nothing and prints the same summary.
                running.output.reset();
                running.suite.up();
                String again = running.output.toString();
                assertEquals(after, pids(layout), again);
                assertTrue(again.contains("ASM is already up"), again);
                assertFalse(again.contains("starting "), again);
                assertTrue(again.contains("ClusterId:       local-dp-1"), again);
            } finally {
                // Stopped processes ignore a polite stop; let the suite's down see it go.
                ProcessHandle.of(before.get(STOPPED)).ifPresent(p -> signal("CONT", p.pid()));
            }
        }
    }

    /** The pid of each process of the suite (postgres: its postmaster), by name. */
    static Map<String, Long> pids(SuiteLayout layout) throws Exception {
        Map<String, Long> pids = new TreeMap<>();
        try (var files = Files.list(layout.pids())) {
            for (Path f : files.toList()) {
                pids.put(
                        f.getFileName().toString().replaceFirst("\\.pid$", ""),
                        Long.parseLong(Files.readString(f).trim()));
            }
        }
        pids.put(
                "postgres",
                Long.parseLong(Files.readAllLines(layout.database().resolve("postmaster.pid"))
                        .get(0)
                        .trim()));
        return pids;
    }

    /** ./asm status's STATE column, by process. */
    static Map<String, String> states(String status) {
        Map<String, String> states = new TreeMap<>();
        status.lines().skip(1).map(l -> l.trim().split("\\s+")).forEach(cols -> states.put(cols[0], cols[2]));
        return states;
    }

    static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                    .inheritIO()
                    .start();
            assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The simulator's clusters: name → kubeconfig. */
    Map<String, String> simulatedKubeconfigs(SuiteLayout layout) throws Exception {
        Map<String, String> kubeconfigs = new TreeMap<>();
        for (JsonNode c : get(layout.url(layout.simulatorPort()) + "/clusters")) {
            kubeconfigs.put(c.path("name").asText(), c.path("kubeconfig").asText());
        }
        return kubeconfigs;
    }

    /** DescribeServiceMeshClusters' ClusterIds, as the administrator. */
    List<String> registeredClusters(RunningSuite running) throws Exception {
        JsonNode listing = get(running.endpoint.url() + "/?"
                + RpcV1Signer.sign(
                        "GET",
                        "DescribeServiceMeshClusters",
                        running.endpoint.accessKeyId(),
                        running.endpoint.accessKeySecret(),
                        Map.of("Limit", "100")));
        List<String> ids = new ArrayList<>();
        listing.path("Clusters").forEach(c -> ids.add(c.path("ClusterId").asText()));
        return ids.stream().sorted().toList();
    }

    JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    static org.awaitility.core.ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200));
    }
}
