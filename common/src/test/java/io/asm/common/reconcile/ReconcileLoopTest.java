package io.asm.common.reconcile;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.retry.Backoff;
import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Due rows are worked on by {@code asm.reconcile.parallelism} workers at once, each row by one of them, once. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ReconcileLoopTest {

    @Inject
    DataSource dataSource;

    @Inject
    ReconcileConfig config;

    final Map<String, AtomicInteger> steps = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Set<String> slow = ConcurrentHashMap.newKeySet();
    /** The rows in the order their steps began. */
    final List<String> order = new CopyOnWriteArrayList<>();

    @BeforeEach
    void clean() throws SQLException {
        sql("DELETE FROM test_reconciled");
    }

    @Test
    void dueRowsAreSteppedInParallelEachOnce() throws Exception {
        assertEquals(4, config.parallelism());
        for (int i = 0; i < 12; i++) {
            sql("INSERT INTO test_reconciled (id, state) VALUES ('row-" + i + "', 'moving')");
        }
        try (ReconcileLoop<String> loop = table().loop("test", config, 100, this::step)) {
            long start = System.nanoTime();
            loop.round();
            loop.round(); // a second round while the workers are busy starts nobody twice
            awaitDone(12);
            double seconds = (System.nanoTime() - start) / 1e9;
            // Twelve steps of 300 ms: 3.6 s one at a time, about 0.9 s four at a time.
            assertTrue(seconds < 2.5, "took " + seconds + " s");
        }
        assertEquals(4, mostAtOnce.get());
        assertEquals(12, steps.size());
        steps.forEach((id, n) -> assertEquals(1, n.get(), id + " stepped " + n + " times"));
    }

    @Test
    void aSlowRowHoldsUpOnlyItsOwnWorker() throws Exception {
        slow.add("row-slow");
        // Due first: the slow row is claimed before the quick ones.
        sql("INSERT INTO test_reconciled (id, state, next_attempt_at) VALUES ('row-slow', 'moving', now() - interval"
                + " '1 min')");
        for (int i = 0; i < 6; i++) {
            sql("INSERT INTO test_reconciled (id, state) VALUES ('row-" + i + "', 'moving')");
        }
        try (ReconcileLoop<String> loop = table().loop("test", config, 100, this::step)) {
            long start = System.nanoTime();
            loop.round();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> doneCount() >= 6);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 3, "the six quick rows waited for the slow one: " + seconds + " s");
            assertEquals(0, count("SELECT count(*) FROM test_reconciled WHERE id = 'row-slow' AND state = 'done'"));
            awaitDone(7);
        }
    }

    @Test
    void rowsWhoseLastStepFailedComeAfterTheSoundOnes() throws Exception {
        // Four failing rows due long before four sound ones: the four workers take the sound ones first.
        for (int i = 0; i < 4; i++) {
            sql("INSERT INTO test_reconciled (id, state, attempts, next_attempt_at) VALUES ('failing-" + i
                    + "', 'moving', 2, now() - interval '1 hour')");
            sql("INSERT INTO test_reconciled (id, state) VALUES ('sound-" + i + "', 'moving')");
        }
        try (ReconcileLoop<String> loop = table().loop("test", config, 100, this::step)) {
            loop.round();
            awaitDone(8);
        }
        assertEquals(
                Set.of("sound-0", "sound-1", "sound-2", "sound-3"), Set.copyOf(order.subList(0, 4)), order.toString());
    }

    @Test
    void oneWorkerIsAlwaysLeftForSoundRows() throws Exception {
        // Failing rows whose steps take 4 s (an API server that times out): they get three of the four workers.
        for (int i = 0; i < 6; i++) {
            slow.add("failing-" + i);
            sql("INSERT INTO test_reconciled (id, state, attempts) VALUES ('failing-" + i + "', 'moving', 2)");
        }
        try (ReconcileLoop<String> loop = table().loop("test", config, 100, this::step)) {
            loop.round();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 3);
            Thread.sleep(300);
            assertEquals(3, running.get(), "failing rows took every worker");
            sql("INSERT INTO test_reconciled (id, state) VALUES ('sound', 'moving')");
            long added = System.nanoTime();
            loop.round();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> steps.containsKey("sound"));
            double waited = (System.nanoTime() - added) / 1e9;
            assertTrue(waited < 2, "the sound row waited " + waited + " s for a worker");
            assertEquals(
                    3, order.stream().filter(id -> id.startsWith("failing-")).count(), order.toString());
        }
    }

    @Test
    void stepsAreCountedByOutcomeInTheMetrics() throws Exception {
        double doneBefore = metered("done");
        double failedBefore = metered("failed");
        sql("INSERT INTO test_reconciled (id, state) VALUES ('row-a', 'moving'), ('row-b', 'moving'),"
                + " ('row-broken', 'moving')");
        try (ReconcileLoop<String> loop = table().loop("test", config, 100, this::step)) {
            loop.round();
            awaitDone(2);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> count("SELECT attempts FROM test_reconciled WHERE id = 'row-broken'") >= 1);
        }
        // A step is metered after its commit, a failure after its bookkeeping. Every failed step is metered; the row
        // counts the failures it recorded, which can be fewer: a worker that claims the row again before the failure
        // is written holds its lock, and the bookkeeping leaves a locked row to its holder.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> metered("done") - doneBefore == 2.0);
        int attempts = count("SELECT attempts FROM test_reconciled WHERE id = 'row-broken'");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> metered("failed") - failedBefore >= attempts);
    }

    @Test
    void closeLetsTheStepsUnderWayEndAndStartsNoOther() throws Exception {
        for (int i = 0; i < 12; i++) {
            sql("INSERT INTO test_reconciled (id, state) VALUES ('row-" + i + "', 'moving')");
        }
        ReconcileLoop<String> loop = table().loop("test", config, 100, this::step);
        loop.round();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> running.get() == 4);
        loop.close();
        assertEquals(0, running.get(), "close returned with steps under way");
        int started = steps.size();
        assertTrue(started >= 4 && started < 12, started + " steps started");
        assertEquals(started, doneCount(), "a step under way was cut off");
        Thread.sleep(500);
        assertEquals(started, steps.size(), "a row was claimed after close");
        loop.round(); // a round after close starts nothing
        loop.soon(Duration.ZERO); // nor does a step ending during close that asks for one
        Thread.sleep(500);
        assertEquals(started, steps.size(), "a round ran after close");
    }

    /** asm_reconcile_steps_seconds_count of the test loop for an outcome, as /q/metrics shows it. */
    private static double metered(String outcome) {
        String prefix = "asm_reconcile_steps_seconds_count{outcome=\"" + outcome + "\",reconciler=\"test\"} ";
        return given().get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst()
                .orElse(0);
    }

    private ReconcileTable table() {
        return new ReconcileTable(
                dataSource,
                "test_reconciled",
                List.of("moving"),
                Map.of("moving", "failed"),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                5);
    }

    /** Counts who is stepping at once; the slow row takes 4 s, the others 300 ms. */
    private void step(String id) throws Exception {
        if (id.equals("row-broken")) {
            throw new IllegalStateException("this row cannot be reconciled");
        }
        order.add(id);
        steps.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            Thread.sleep(slow.contains(id) ? 4_000 : 300);
        } finally {
            running.decrementAndGet();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE test_reconciled SET state = 'done' WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private void awaitDone(int rows) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> doneCount() == rows);
    }

    private int doneCount() throws SQLException {
        return count("SELECT count(*) FROM test_reconciled WHERE state = 'done'");
    }

    private int count(String query) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(query);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(statement)) {
            ps.executeUpdate();
        }
    }
}
