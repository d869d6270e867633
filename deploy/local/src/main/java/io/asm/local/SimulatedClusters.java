package io.asm.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data-plane clusters {@code ./asm up} offers at once: simulated clusters in two VPCs, registered for the bootstrap
 * account through the gateway (RegisterCluster, signed like any client's call), so that clients which add a cluster
 * by ClusterId alone — the typed SDK, Terraform — work right away. Idempotent: the simulator keeps its clusters and
 * cluster-service its registrations across down/up, so a later up finds both and registers nothing again.
 */
final class SimulatedClusters {

    /** How many clusters ./asm up offers; 0 offers none. */
    static final String SETTING = "ASM_SIMULATED_CLUSTERS";

    static final int DEFAULT_COUNT = 2;
    private static final List<String> VPCS = List.of("vpc-local-a", "vpc-local-b");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cluster the suite offers: its id (ClusterId) and the VPC it was registered in. */
    record Offered(String clusterId, String vpcId) {}

    /** Where to call and as whom: the gateway and the bootstrap key. */
    record Gateway(String url, String accessKeyId, String accessKeySecret) {}

    private final HttpClient http;
    private final String simulatorUrl;
    private final Gateway gateway;

    SimulatedClusters(HttpClient http, String simulatorUrl, Gateway gateway) {
        this.http = http;
        this.simulatorUrl = simulatorUrl;
        this.gateway = gateway;
    }

    /** {@code ASM_SIMULATED_CLUSTERS}, a whole number from 0. */
    static int count(Map<String, String> env) {
        String value = env.get(SETTING);
        try {
            int n = value == null || value.isBlank() ? DEFAULT_COUNT : Integer.parseInt(value.trim());
            if (n >= 0 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SuiteException(SETTING + " must be a whole number from 0 to 100, not '" + value + "'.");
    }

    /** Clusters {@code local-dp-1} … {@code local-dp-<count>}, alternately in the two VPCs, made and registered once. */
    List<Offered> ensure(int count) throws Exception {
        List<Offered> offered = new ArrayList<>();
        if (count == 0) {
            return offered;
        }
        Set<String> registered = registeredIds();
        JsonNode simulated = send(
                HttpRequest.newBuilder(URI.create(simulatorUrl + "/clusters")).GET(), 200);
        for (int i = 1; i <= count; i++) {
            Offered cluster = new Offered("local-dp-" + i, VPCS.get((i - 1) % VPCS.size()));
            if (!registered.contains(cluster.clusterId())) {
                register(cluster, kubeconfig(simulated, cluster.clusterId()));
            }
            offered.add(cluster);
        }
        return offered;
    }

    private Set<String> registeredIds() throws Exception {
        JsonNode listing = send(
                HttpRequest.newBuilder(URI.create(gateway.url() + "/?"
                                + RpcV1Signer.sign(
                                        "GET",
                                        "DescribeServiceMeshClusters",
                                        gateway.accessKeyId(),
                                        gateway.accessKeySecret(),
                                        Map.of("Limit", "1000"))))
                        .GET(),
                200);
        Set<String> ids = new HashSet<>();
        listing.path("Clusters").forEach(c -> ids.add(c.path("ClusterId").asText()));
        return ids;
    }

    /** The simulated cluster of that name (a restarted simulator still has it), else a new one. */
    private String kubeconfig(JsonNode simulated, String name) throws Exception {
        for (JsonNode c : simulated) {
            if (name.equals(c.path("name").asText())) {
                return c.path("kubeconfig").asText();
            }
        }
        HttpRequest.Builder create = HttpRequest.newBuilder(URI.create(simulatorUrl + "/clusters"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name))));
        return send(create, 201).path("kubeconfig").asText();
    }

    private void register(Offered cluster, String kubeconfig) throws Exception {
        String form = RpcV1Signer.sign(
                "POST",
                "RegisterCluster",
                gateway.accessKeyId(),
                gateway.accessKeySecret(),
                Map.of(
                        "ClusterId",
                        cluster.clusterId(),
                        "Name",
                        cluster.clusterId(),
                        "VpcId",
                        cluster.vpcId(),
                        "Kubeconfig",
                        kubeconfig));
        send(
                HttpRequest.newBuilder(URI.create(gateway.url() + "/"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)),
                200);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new SuiteException("Offering the simulated clusters failed: "
                    + request.build().method() + " " + request.build().uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
