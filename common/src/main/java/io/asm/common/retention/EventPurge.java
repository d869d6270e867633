package io.asm.common.retention;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps the outbox and inbox bounded: deletes events every subscriber has received and old inbox ids, in batches.
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so replicas purging at once (or a dispatcher holding a row)
 * never wait on each other; events with an open (pending or parked) delivery are never touched.
 */
@ApplicationScoped
public class EventPurge {

    private static final Logger LOG = Logger.getLogger(EventPurge.class);

    private static final String DELIVERED_EVENTS = """
            DELETE FROM outbox_event WHERE id IN (
                SELECT e.id FROM outbox_event e
                 WHERE e.created_at < ?
                   AND NOT EXISTS (SELECT 1 FROM outbox_delivery d WHERE d.event_id = e.id AND d.status <> 'DELIVERED')
                 ORDER BY e.created_at
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED)""";
    private static final String INBOX = """
            DELETE FROM inbox WHERE event_id IN (
                SELECT event_id FROM inbox WHERE received_at < ? ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED)""";

    private final DataSource dataSource;
    private final RetentionConfig config;

    EventPurge(DataSource dataSource, RetentionConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public record Purged(int events, int inboxIds) {}

    @Scheduled(
            every = "${asm.retention.interval:10m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "event-purge")
    void tick() {
        try {
            Purged purged = purge(Instant.now());
            if (purged.events() + purged.inboxIds() > 0) {
                LOG.debugf("Purged %d delivered events and %d inbox ids", purged.events(), purged.inboxIds());
            }
        } catch (SQLException e) {
            LOG.warnf("Event purge failed, will retry: %s", e.getMessage());
        }
    }

    /** One run as of {@code now}: at most {@code maxBatchesPerRun} batches per table. */
    public Purged purge(Instant now) throws SQLException {
        return new Purged(
                deleteInBatches(DELIVERED_EVENTS, now.minus(config.deliveredEvents())),
                deleteInBatches(INBOX, now.minus(config.inbox())));
    }

    private int deleteInBatches(String sql, Instant before) throws SQLException {
        return BatchedDelete.of(config).run(dataSource, sql, before);
    }
}
