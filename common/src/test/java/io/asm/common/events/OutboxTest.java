package io.asm.common.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.AsmHeaders;
import io.asm.devkit.PostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox and inbox against a real PostgreSQL; delivery through recording senders. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class OutboxTest {

    static final String TOKEN = "test-internal-token-0123456789";

    @Inject
    Outbox outbox;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    ParkedEvents parked;

    /** What a subscriber saw, in arrival order. */
    final List<CloudEvent> received = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void clean() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE outbox_delivery, outbox_event, inbox, test_effect");
        }
    }

    OutboxDispatcher dispatcher(EventSender sender, int maxAttempts) {
        var settings = new DispatchSettings(
                Map.of("probe", "http://probe/events", "all", "http://all/events"),
                20,
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                maxAttempts);
        return new OutboxDispatcher(dataSource, sender, settings, json);
    }

    EventSender recordingFor(String url) {
        return (target, event) -> {
            if (target.equals(url)) {
                received.add(event);
            }
        };
    }

    void publish(String type, String aggregate, int n) {
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(type, aggregate, Map.of("n", n)));
    }

    @Test
    void subscribersReceiveOnlyTheirTypesAsCloudEvents() throws Exception {
        publish("ThingHappened", "agg-1", 1);
        publish("OtherThing", "agg-1", 2);
        dispatcher(recordingFor("http://probe/events"), 5).dispatchDue(10);
        assertEquals(1, received.size());
        CloudEvent e = received.get(0);
        assertEquals("1.0", e.specversion());
        assertEquals("ThingHappened", e.type());
        assertEquals("/common-test", e.source());
        assertEquals("agg-1", e.subject());
        assertEquals(1, e.data().get("n").asInt());
        // "all" subscribes to everything: both events are delivered there.
        received.clear();
        assertEquals(0, dispatcher(recordingFor("http://all/events"), 5).dispatchDue(10));
        assertEquals(
                2, count("SELECT count(*) FROM outbox_delivery WHERE subscriber = 'all' AND status = 'DELIVERED'"));
    }

    @Test
    void anEventOfARolledBackTransactionIsNeverDelivered() throws Exception {
        QuarkusTransaction.begin();
        outbox.publish("ThingHappened", "agg-rollback", Map.of("n", 1));
        QuarkusTransaction.rollback();
        publish("ThingHappened", "agg-kept", 2);
        dispatcher(recordingFor("http://probe/events"), 5).dispatchDue(10);
        assertEquals(
                List.of("agg-kept"), received.stream().map(CloudEvent::subject).toList());
        assertEquals(0, count("SELECT count(*) FROM outbox_event WHERE aggregate_id = 'agg-rollback'"));
    }

    @Test
    void aSubscriberThatWasDownGetsEveryEventOnceBackInOrder() throws Exception {
        AtomicBoolean up = new AtomicBoolean(false);
        EventSender flaky = (url, event) -> {
            if (!up.get()) {
                throw new ConnectException("Connection refused");
            }
            if (url.equals("http://probe/events")) {
                received.add(event);
            }
        };
        OutboxDispatcher d = dispatcher(flaky, 1000);
        for (int i = 0; i < 10; i++) {
            publish("ThingHappened", "agg-" + (i % 3), i);
        }
        for (int i = 0; i < 5; i++) {
            d.dispatchDue(10);
            Thread.sleep(6);
        }
        assertEquals(0, received.size());
        assertTrue(count("SELECT min(attempts) FROM outbox_delivery WHERE subscriber = 'probe' AND status = 'PENDING'"
                        + " AND id IN (SELECT min(id) FROM outbox_delivery GROUP BY subscriber, aggregate_id)")
                >= 1);
        assertTrue(count("SELECT count(*) FROM outbox_delivery WHERE last_error = 'Connection refused'") > 0);

        up.set(true);
        Thread.sleep(6); // the capped backoff (5 ms) has passed
        for (int i = 0; i < 20 && received.size() < 10; i++) {
            d.dispatchDue(10);
        }
        assertEquals(10, received.size());
        assertEquals(10, new HashSet<>(received.stream().map(CloudEvent::id).toList()).size());
        assertOrderedPerAggregate(received);
    }

    @Test
    void aDuplicateDeliveryHasASingleEffect() throws Exception {
        String event = """
                {"specversion":"1.0","id":"evt-1","source":"/mesh-service","type":"ThingHappened","subject":"agg-9",
                 "datacontenttype":"application/json","data":{"n":1}}""";
        for (int i = 0; i < 3; i++) {
            given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                    .contentType(CloudEvent.MEDIA_TYPE)
                    .body(event)
                    .post("/events")
                    .then()
                    .statusCode(200)
                    .body("duplicate", equalTo(i > 0));
        }
        // Concurrent duplicates too: one insert wins, the others see the id.
        String event2 = event.replace("evt-1", "evt-2");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                        .contentType(CloudEvent.MEDIA_TYPE)
                        .body(event2)
                        .post("/events")
                        .statusCode();
            }));
        }
        go.countDown();
        for (Future<Integer> f : results) {
            assertEquals(200, f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, count("SELECT count(*) FROM test_effect WHERE event_id = 'evt-1'"));
        assertEquals(1, count("SELECT count(*) FROM test_effect WHERE event_id = 'evt-2'"));
    }

    @Test
    void malformedEventsAreRefusedWithTheEnvelope() {
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .contentType(CloudEvent.MEDIA_TYPE)
                .body("{\"id\":\"x\"}")
                .post("/events")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .contentType(CloudEvent.MEDIA_TYPE)
                .body("{not json")
                .post("/events")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"));
        given().contentType(CloudEvent.MEDIA_TYPE)
                .body("{}")
                .post("/events")
                .then()
                .statusCode(403);
    }

    @Test
    void twoDispatchersNeverDeliverOneEventTwiceAndKeepOrderPerAggregate() throws Exception {
        int events = 300;
        for (int i = 0; i < events; i++) {
            publish("ThingHappened", "agg-" + (i % 7), i);
        }
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        EventSender slowAndFlaky = (url, event) -> {
            if (!url.equals("http://probe/events")) {
                return;
            }
            if (inFlight.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(2));
                if (ThreadLocalRandom.current().nextInt(10) == 0) {
                    throw new IOException("HTTP 503");
                }
                received.add(event);
            } finally {
                inFlight.get(event.id()).decrementAndGet();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            OutboxDispatcher d = dispatcher(slowAndFlaky, 1000);
            workers.add(pool.submit(() -> {
                long deadline = System.currentTimeMillis() + 60_000;
                while (received.size() < events && System.currentTimeMillis() < deadline) {
                    d.dispatchDue(5);
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, overlaps.get(), "an event was being delivered by both dispatchers at once");
        assertEquals(events, received.size());
        assertEquals(events, new HashSet<>(received.stream().map(CloudEvent::id).toList()).size());
        assertOrderedPerAggregate(received);
    }

    @Test
    void aDeliveryThatKeepsFailingIsParkedHoldsBackItsAggregateAndCanBeRetried() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        EventSender sender = (url, event) -> {
            if (!url.equals("http://probe/events")) {
                return;
            }
            if (broken.get() && event.data().get("n").asInt() == 0) {
                throw new IOException("HTTP 500 from subscriber");
            }
            received.add(event);
        };
        OutboxDispatcher d = dispatcher(sender, 3);
        publish("ThingHappened", "agg-p", 0);
        publish("ThingHappened", "agg-p", 1);
        publish("ThingHappened", "agg-q", 2);
        for (int i = 0; i < 6; i++) {
            d.dispatchDue(10);
            Thread.sleep(6);
        }
        assertEquals(
                List.of(2),
                received.stream().map(e -> e.data().get("n").asInt()).toList());
        List<ParkedEvents.Parked> list = parked.list();
        assertEquals(1, list.size());
        assertEquals("agg-p", list.get(0).aggregateId());
        assertEquals(3, list.get(0).attempts());
        assertEquals("HTTP 500 from subscriber", list.get(0).lastError());
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .get("/admin/outbox/parked")
                .then()
                .statusCode(200)
                .body("[0].aggregateId", equalTo("agg-p"));
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("asm_outbox_parked 1.0"), "parked gauge not shown");

        broken.set(false);
        given().header(AsmHeaders.INTERNAL_TOKEN, TOKEN)
                .post("/admin/outbox/parked/" + list.get(0).deliveryId() + "/retry")
                .then()
                .statusCode(200);
        d.dispatchDue(10);
        d.dispatchDue(10);
        assertEquals(
                List.of(2, 0, 1),
                received.stream().map(e -> e.data().get("n").asInt()).toList());
        assertTrue(parked.list().isEmpty());
    }

    @Test
    void noTransactionOrRowLockIsHeldWhileASubscriberIsSlow() throws Exception {
        publish("ThingHappened", "agg-slow", 1);
        publish("ThingHappened", "agg-slow", 2);
        OutboxDispatcher other = dispatcher(recordingFor("http://probe/events"), 5);
        List<String> seenDuringSend = new ArrayList<>();
        EventSender slow = (url, event) -> {
            if (!url.equals("http://probe/events")) {
                return;
            }
            // Another session can lock the delivery being sent at once (NOWAIT): the dispatcher holds no lock on it.
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT id FROM outbox_delivery WHERE subscriber = 'probe' AND event_id = '"
                            + event.id() + "' FOR UPDATE NOWAIT")) {
                seenDuringSend.add(rs.next() ? "lockable" : "missing");
            } catch (SQLException e) {
                seenDuringSend.add("locked: " + e.getSQLState());
            }
            // ...and no transaction of this database is open meanwhile (the test runs nothing else).
            seenDuringSend.add(
                    "open transactions "
                            + count(
                                    "SELECT count(*) FROM pg_stat_activity"
                                            + " WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"));
            // A second dispatcher (recording into the same list) takes neither this delivery (leased) nor the next
            // of its aggregate (order): each event arrives once, in order.
            other.dispatchOnce();
            received.add(event);
        };
        dispatcher(slow, 5).dispatchDue(10);
        assertEquals(List.of("lockable", "open transactions 0", "lockable", "open transactions 0"), seenDuringSend);
        assertEquals(
                List.of(1, 2),
                received.stream().map(e -> e.data().get("n").asInt()).toList());
        assertEquals(
                2, count("SELECT count(*) FROM outbox_delivery WHERE subscriber = 'probe' AND status = 'DELIVERED'"));
    }

    private void assertOrderedPerAggregate(List<CloudEvent> events) {
        Map<String, List<Integer>> byAggregate = new LinkedHashMap<>();
        for (CloudEvent e : events) {
            byAggregate
                    .computeIfAbsent(e.subject(), k -> new ArrayList<>())
                    .add(e.data().get("n").asInt());
        }
        byAggregate.forEach((agg, ns) -> {
            List<Integer> sorted = new ArrayList<>(ns);
            Collections.sort(sorted);
            assertEquals(sorted, ns, "order broken for " + agg);
        });
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
