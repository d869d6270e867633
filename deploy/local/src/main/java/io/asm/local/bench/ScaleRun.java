package io.asm.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.local.RpcV1Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scale run of {@code bench/scale.sh}: creates {@code meshes} meshes at once through the gateway, adds the
 * suite's simulated data-plane clusters {@code local-dp-1..clusters} to the first meshes (one each, in the cluster's
 * VPC), and reports how long until every mesh is {@code running} and every cluster has joined.
 *
 * <p>Usage: {@code ScaleRun <gatewayUrl> <accessKeyId> <secret> <meshes> <clusters> <timeoutSeconds>}.
 */
public final class ScaleRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String gateway;
    private final String keyId;
    private final String secret;

    private ScaleRun(String gateway, String keyId, String secret) {
        this.gateway = gateway;
        this.keyId = keyId;
        this.secret = secret;
    }

    public static void main(String[] args) throws Exception {
        ScaleRun run = new ScaleRun(args[0], args[1], args[2]);
        int meshes = Integer.parseInt(args[3]);
        int clusters = Integer.parseInt(args[4]);
        long timeout = Long.parseLong(args[5]) * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(32);

        long start = System.nanoTime();
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < meshes; i++) {
            String vpc = i < clusters ? (i % 2 == 0 ? "vpc-local-a" : "vpc-local-b") : "vpc-scale";
            String name = "scale-" + i;
            created.add(pool.submit(() -> run.call(
                            "CreateServiceMesh",
                            Map.of("RegionId", "cn-hangzhou", "Name", name, "VpcId", vpc, "VSwitches", "[\"vsw-1\"]"))
                    .path("ServiceMeshId")
                    .asText()));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : created) {
            ids.add(f.get());
        }
        System.out.printf("%d CreateServiceMesh accepted in %.1f s%n", meshes, (System.nanoTime() - start) / 1e9);
        long running = run.awaitAll("meshes running", ids, run.meshStates(), "running", start, timeout);

        long added = System.nanoTime();
        List<Callable<JsonNode>> adds = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            Map<String, String> p = Map.of("ServiceMeshId", ids.get(i), "ClusterId", "local-dp-" + (i + 1));
            adds.add(() -> run.call("AddClusterIntoServiceMesh", p));
        }
        for (Future<JsonNode> f : pool.invokeAll(adds)) {
            f.get();
        }
        List<String> withClusters = ids.subList(0, clusters);
        long joined = run.awaitAll(
                "clusters joined", withClusters, run.perItem(run::clusterState, pool), "running", added, timeout);
        pool.shutdownNow();
        System.out.printf(
                "RESULT meshes=%d running_s=%.1f clusters=%d joined_s=%.1f total_s=%.1f%n",
                meshes, (running - start) / 1e9, clusters, (joined - added) / 1e9, (joined - start) / 1e9);
        System.exit(0);
    }

    interface State {
        String of(String id) throws Exception;
    }

    /** The states of many items, read in one go. */
    interface States {
        Map<String, String> of(List<String> ids) throws Exception;
    }

    /** One read per item, in parallel: for the few clusters. */
    private States perItem(State state, ExecutorService pool) {
        return ids -> {
            List<Callable<String>> reads = new ArrayList<>();
            ids.forEach(id -> reads.add(() -> state.of(id)));
            List<Future<String>> answers = pool.invokeAll(reads);
            Map<String, String> states = new TreeMap<>();
            for (int i = 0; i < ids.size(); i++) {
                states.put(ids.get(i), answers.get(i).get());
            }
            return states;
        };
    }

    /**
     * Every mesh's state from DescribeServiceMeshes pages of 100, as a user watching many meshes reads them: polling
     * each mesh's detail (200 signed requests every 250 ms) took a large share of the two cores the reconcilers need.
     */
    private States meshStates() {
        return ids -> {
            Map<String, String> states = new TreeMap<>();
            for (int page = 1; ; page++) {
                JsonNode answer = call(
                        "DescribeServiceMeshes",
                        Map.of("RegionId", "cn-hangzhou", "PageNumber", "" + page, "PageSize", "100"));
                answer.path("ServiceMeshes")
                        .forEach(m -> states.put(
                                m.path("ServiceMeshInfo").path("ServiceMeshId").asText(),
                                m.path("ServiceMeshInfo").path("State").asText()));
                if (page * 100L >= answer.path("TotalCount").asLong()) {
                    return states;
                }
            }
        };
    }

    /** Polls every item's state until all have {@code wanted}; prints progress; returns the time they had. */
    private long awaitAll(String what, List<String> ids, States states, String wanted, long since, long timeout)
            throws Exception {
        long lastReport = 0;
        while (true) {
            Map<String, String> known = states.of(ids);
            TreeMap<String, Integer> counts = new TreeMap<>();
            ids.forEach(id -> counts.merge(known.getOrDefault(id, "absent"), 1, Integer::sum));
            long now = System.nanoTime();
            if (counts.getOrDefault(wanted, 0) == ids.size()) {
                System.out.printf("%s: all %d after %.1f s%n", what, ids.size(), (now - since) / 1e9);
                return now;
            }
            if (now - lastReport > 5_000_000_000L) {
                System.out.printf("%s after %.0f s: %s%n", what, (now - since) / 1e9, counts);
                lastReport = now;
            }
            if (now - since > timeout) {
                throw new IllegalStateException(what + ": not all " + wanted + " after the timeout: " + counts);
            }
            Thread.sleep(250);
        }
    }

    private String clusterState(String meshId) throws Exception {
        JsonNode clusters = call("DescribeClustersInServiceMesh", Map.of("ServiceMeshId", meshId))
                .path("Clusters");
        return clusters.size() == 1 ? clusters.get(0).path("State").asText() : "absent";
    }

    private JsonNode call(String action, Map<String, String> params) throws Exception {
        String query = RpcV1Signer.sign("GET", action, keyId, secret, params);
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway + "/?" + query))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(action + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
