package io.asm.common.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.events.contract.DomainEvent;
import io.asm.common.events.contract.DomainEventHandler;
import io.asm.devkit.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Delivery latency from commit (its start) to the subscriber's handler, through the real dispatcher, HTTP and inbox: this
 * service subscribes to its own {@code BenchPing} events. Run by {@code bench/outbox-latency.sh}.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(OutboxLatencyBench.SubscribedToItself.class)
@EnabledIfSystemProperty(named = "asm.bench", matches = "true")
class OutboxLatencyBench {

    /** The event timed: its id keys the commit time. */
    public record BenchPing(String id) implements DomainEvent {
        @Override
        public String aggregateId() {
            return id;
        }
    }

    static final Map<String, Long> COMMITTED = new ConcurrentHashMap<>();
    static final List<Long> LATENCIES_NANOS = Collections.synchronizedList(new ArrayList<>());

    @ApplicationScoped
    static class Timer implements DomainEventHandler<BenchPing> {
        @Override
        public Set<Class<? extends BenchPing>> types() {
            return Set.of(BenchPing.class);
        }

        @Override
        public void handle(BenchPing ping) {
            Long committed = COMMITTED.get(ping.id());
            if (committed != null) {
                LATENCIES_NANOS.add(System.nanoTime() - committed);
            }
        }
    }

    public static class SubscribedToItself implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = freePort();
            return Map.of(
                    "quarkus.scheduler.enabled",
                    "true",
                    "quarkus.http.test-port",
                    String.valueOf(port),
                    "asm.events.subscribers.probe.url",
                    "http://127.0.0.1:" + port + "/events",
                    "asm.events.subscribers.probe.types",
                    "BenchPing",
                    "asm.events.subscribers.all.types",
                    "None");
        }

        private static int freePort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    Outbox outbox;

    @Test
    void commitToHandlerLatency() throws Exception {
        run("warm-up", 1, 300, 2);
        report("idle (one event at a time, 20 ms apart)", run("idle", 1, 300, 20));
        report("small load (4 publishers, each an event every 20 ms: ~200/s)", run("small", 4, 300, 20));
        report("medium load (8 publishers, each an event every 10 ms: ~800/s)", run("medium", 8, 300, 10));
        long start = System.nanoTime();
        List<Long> saturated = run("saturated", 4, 500, 0);
        report(
                "saturated (4 publishers back to back, 2000 events in %.1f s)"
                        .formatted((System.nanoTime() - start) / 1e9),
                saturated);
    }

    private List<Long> run(String name, int publishers, int perPublisher, long pauseMillis) throws Exception {
        LATENCIES_NANOS.clear();
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            pool.execute(() -> {
                for (int i = 0; i < perPublisher; i++) {
                    String id = name + "-" + publisher + "-" + i;
                    QuarkusTransaction.requiringNew().run(() -> {
                        outbox.publish(new BenchPing(id));
                        COMMITTED.put(id, System.nanoTime()); // the clock starts as the commit begins
                    });
                    pause(pauseMillis);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
        long deadline = System.currentTimeMillis() + 30_000;
        while (LATENCIES_NANOS.size() < publishers * perPublisher && System.currentTimeMillis() < deadline) {
            pause(50);
        }
        List<Long> sorted = new ArrayList<>(LATENCIES_NANOS);
        Collections.sort(sorted);
        return sorted;
    }

    private static void report(String what, List<Long> sorted) {
        System.out.printf(
                "BENCH %s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n",
                what,
                sorted.size(),
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
