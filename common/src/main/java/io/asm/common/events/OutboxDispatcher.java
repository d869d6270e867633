package io.asm.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.text.RemoteText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Delivers due outbox rows without holding a transaction or a row lock while it talks to a subscriber: a short
 * transaction claims a batch ({@code FOR UPDATE SKIP LOCKED}, so dispatchers never pick the same rows) and leases it
 * by moving {@code next_attempt_at} past the time the batch can take; the sends run outside any transaction; each
 * outcome is recorded by a statement of its own, only while the lease is still this dispatcher's. A dispatcher that
 * dies mid-batch leaves its deliveries to be claimed again when the lease ends (at-least-once; the inbox makes the
 * effect once). A delivery is only due when no earlier delivery of the same aggregate to the same subscriber is
 * still open (claimed ones included), which keeps per-aggregate order; a parked delivery holds back the later ones
 * until an operator retries it.
 */
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM outbox_delivery d
                 WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
                   AND NOT EXISTS (SELECT 1 FROM outbox_delivery p
                                    WHERE p.subscriber = d.subscriber AND p.aggregate_id = d.aggregate_id
                                      AND p.id < d.id AND p.status <> 'DELIVERED')
                 ORDER BY d.id
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED),
            leased AS (
                UPDATE outbox_delivery d SET next_attempt_at = now() + make_interval(secs => ?)
                  FROM due WHERE d.id = due.id
                RETURNING d.id, d.subscriber, d.attempts, d.event_id, d.next_attempt_at)
            SELECT l.id, l.subscriber, l.attempts, l.next_attempt_at AS lease,
                   e.id AS event_id, e.type, e.source, e.aggregate_id, e.data, e.created_at
              FROM leased l JOIN outbox_event e ON e.id = l.event_id
             ORDER BY l.id""";

    /** An outcome counts only while the claim is still ours: same row, still pending, lease unchanged. */
    private static final String STILL_OURS = " WHERE id = ? AND status = 'PENDING' AND next_attempt_at = ?";

    private final DataSource dataSource;
    private final EventSender sender;
    private final DispatchSettings settings;
    private final ObjectMapper json;

    public OutboxDispatcher(DataSource dataSource, EventSender sender, DispatchSettings settings, ObjectMapper json) {
        this.dataSource = dataSource;
        this.sender = sender;
        this.settings = settings;
        this.json = json;
    }

    /** One round: claim, deliver, record; returns how many deliveries succeeded. */
    public Round dispatchOnce() throws SQLException {
        // Measured on this machine's clock: the database's may differ from it.
        Instant leaseEnds = Instant.now().plus(settings.lease());
        List<Claim> claims = claim();
        Duration share = settings.lease().dividedBy(Math.max(settings.batchSize(), 1));
        int delivered = 0;
        for (Claim claim : claims) {
            if (Instant.now().plus(share).isAfter(leaseEnds)) {
                break; // less lease left than a send may take: the rest become due again when it ends
            }
            delivered += deliver(claim) ? 1 : 0;
        }
        return new Round(claims.size(), delivered);
    }

    /** Rounds until nothing more is due now (bounded, so one busy aggregate cannot hold the scheduler thread). */
    public int dispatchDue(int maxRounds) throws SQLException {
        int total = 0;
        for (int i = 0; i < maxRounds; i++) {
            Round round = dispatchOnce();
            total += round.delivered();
            if (round.delivered() == 0) {
                break;
            }
        }
        return total;
    }

    /** One statement, so one short transaction of its own (auto-commit). */
    private List<Claim> claim() throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, settings.batchSize());
            ps.setDouble(2, settings.lease().toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CloudEvent event = new CloudEvent(
                            CloudEvent.SPEC_VERSION,
                            rs.getString("event_id"),
                            rs.getString("source"),
                            rs.getString("type"),
                            rs.getString("aggregate_id"),
                            DateTimeFormatter.ISO_INSTANT.format(
                                    rs.getTimestamp("created_at").toInstant()),
                            "application/json",
                            readTree(rs.getString("data")));
                    claims.add(new Claim(
                            rs.getLong("id"),
                            rs.getString("subscriber"),
                            rs.getInt("attempts"),
                            rs.getObject("lease", OffsetDateTime.class),
                            event));
                }
            }
        }
        return claims;
    }

    private boolean deliver(Claim claim) throws SQLException {
        String url = settings.subscriberUrls().get(claim.subscriber());
        try {
            if (url == null) {
                throw new IllegalStateException("subscriber '" + claim.subscriber() + "' is not configured");
            }
            sender.send(url, claim.event());
        } catch (Exception e) {
            recordFailure(claim, e);
            return false;
        }
        record(
                claim,
                "UPDATE outbox_delivery SET status = 'DELIVERED', delivered_at = now(), attempts = attempts + 1,"
                        + " last_error = NULL" + STILL_OURS,
                ps -> {});
        return true;
    }

    private void recordFailure(Claim claim, Exception e) throws SQLException {
        int attempts = claim.attempts() + 1;
        boolean park = attempts >= settings.maxAttempts();
        String error = RemoteText.describe(e);
        if (park) {
            LOG.warnf(
                    "Parking event %s (%s) for %s after %d attempts: %s",
                    claim.event().id(), claim.event().type(), claim.subscriber(), attempts, error);
        }
        record(
                claim,
                "UPDATE outbox_delivery SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ?" + STILL_OURS,
                ps -> {
                    ps.setInt(1, attempts);
                    ps.setString(2, park ? "PARKED" : "PENDING");
                    ps.setTimestamp(3, Timestamp.from(Instant.now().plus(settings.backoffAfter(attempts))));
                    ps.setString(4, error);
                });
    }

    /** Runs an outcome update whose last two parameters are the claim's id and lease. */
    private void record(Claim claim, String sql, Parameters parameters) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            parameters.set(ps);
            int n = (int) sql.chars().filter(ch -> ch == '?').count();
            ps.setLong(n - 1, claim.deliveryId());
            ps.setObject(n, claim.lease());
            if (ps.executeUpdate() == 0) {
                LOG.warnf(
                        "Delivery %d of event %s: the lease ended before its outcome was recorded; it is sent again",
                        claim.deliveryId(), claim.event().id());
            }
        }
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private JsonNode readTree(String data) {
        try {
            return json.readTree(data);
        } catch (Exception e) {
            throw new IllegalStateException("Stored event data is not JSON", e);
        }
    }

    public record Round(int claimed, int delivered) {}

    private record Claim(long deliveryId, String subscriber, int attempts, OffsetDateTime lease, CloudEvent event) {}
}
