package io.asm.common.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Old delivered events and old inbox ids go; recent ones and events still owed to a subscriber stay. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class EventPurgeTest {

    static final Instant NOW = Instant.now();
    static final Instant OLD = NOW.minus(Duration.ofDays(8));
    static final Instant RECENT = NOW.minus(Duration.ofDays(6));

    @Inject
    DataSource dataSource;

    @Inject
    EventPurge purge;

    @BeforeEach
    void clean() throws SQLException {
        sql("TRUNCATE outbox_delivery, outbox_event, inbox");
    }

    @Test
    void deliveredEventsPastRetentionGoWithTheirDeliveries() throws SQLException {
        UUID oldDelivered = event(OLD, "DELIVERED", "DELIVERED");
        UUID oldPending = event(OLD, "DELIVERED", "PENDING");
        UUID oldParked = event(OLD, "PARKED");
        UUID recentDelivered = event(RECENT, "DELIVERED");
        UUID oldWithoutSubscribers = event(OLD);

        assertEquals(new EventPurge.Purged(2, 0), purge.purge(NOW));

        assertEquals(
                List.of(oldPending.toString(), oldParked.toString(), recentDelivered.toString()).stream()
                        .sorted()
                        .toList(),
                ids("SELECT id FROM outbox_event ORDER BY id"));
        assertEquals(
                List.of(),
                ids("SELECT id FROM outbox_delivery WHERE event_id IN ('" + oldDelivered + "', '"
                        + oldWithoutSubscribers + "')"));
        assertEquals(4, ids("SELECT id FROM outbox_delivery").size());
    }

    @Test
    void inboxIdsPastRetentionGo() throws SQLException {
        inbox("old", NOW.minus(Duration.ofDays(31)));
        inbox("recent", NOW.minus(Duration.ofDays(29)));

        assertEquals(new EventPurge.Purged(0, 1), purge.purge(NOW));
        assertEquals(List.of("recent"), ids("SELECT event_id FROM inbox"));
    }

    @Test
    void oneRunDeletesAtMostItsBatchesAndTheNextRunGoesOn() throws SQLException {
        for (int i = 0; i < 5; i++) {
            inbox("old-" + i, NOW.minus(Duration.ofDays(40)));
        }
        EventPurge small = new EventPurge(dataSource, new Retention(2, 2));

        assertEquals(new EventPurge.Purged(0, 4), small.purge(NOW));
        assertEquals(1, ids("SELECT event_id FROM inbox").size());
        assertEquals(new EventPurge.Purged(0, 1), small.purge(NOW));
        assertEquals(List.of(), ids("SELECT event_id FROM inbox"));
    }

    record Retention(int batchSize, int maxBatchesPerRun) implements RetentionConfig {
        @Override
        public Duration deliveredEvents() {
            return Duration.ofDays(7);
        }

        @Override
        public Duration inbox() {
            return Duration.ofDays(30);
        }

        @Override
        public Duration interval() {
            return Duration.ofMinutes(10);
        }
    }

    UUID event(Instant createdAt, String... deliveryStatuses) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO outbox_event (id, type, source, aggregate_id, data,"
                            + " created_at) VALUES (?, 'ThingHappened', '/test', 'a', '{}', ?)")) {
                ps.setObject(1, id);
                ps.setTimestamp(2, Timestamp.from(createdAt));
                ps.executeUpdate();
            }
            int n = 0;
            for (String status : deliveryStatuses) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_delivery (event_id, subscriber,"
                        + " aggregate_id, status) VALUES (?, ?, 'a', ?)")) {
                    ps.setObject(1, id);
                    ps.setString(2, "s" + n++);
                    ps.setString(3, status);
                    ps.executeUpdate();
                }
            }
        }
        return id;
    }

    void inbox(String id, Instant receivedAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO inbox (event_id, source, type, received_at) VALUES (?, '/test', 'ThingHappened', ?)")) {
            ps.setString(1, id);
            ps.setTimestamp(2, Timestamp.from(receivedAt));
            ps.executeUpdate();
        }
    }

    List<String> ids(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
