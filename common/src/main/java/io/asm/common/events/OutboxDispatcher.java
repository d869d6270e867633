package io.asm.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Delivers due outbox rows. Each round claims rows with {@code FOR UPDATE SKIP LOCKED} inside one transaction, so
 * several dispatchers (replicas) never hold the same delivery; a delivery is only due when no earlier delivery of
 * the same aggregate to the same subscriber is still open, which keeps per-aggregate order (a parked delivery
 * holds back the later ones until an operator retries it).
 */
public class OutboxDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class);

    private static final String CLAIM = """
            SELECT d.id, d.subscriber, d.attempts, e.id AS event_id, e.type, e.source, e.aggregate_id, e.data, e.created_at
              FROM outbox_delivery d JOIN outbox_event e ON e.id = d.event_id
             WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
               AND NOT EXISTS (SELECT 1 FROM outbox_delivery p
                                WHERE p.subscriber = d.subscriber AND p.aggregate_id = d.aggregate_id
                                  AND p.id < d.id AND p.status <> 'DELIVERED')
             ORDER BY d.id
             LIMIT ?
               FOR UPDATE OF d SKIP LOCKED""";

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
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Claim> claims = claim(c);
                int delivered = 0;
                for (Claim claim : claims) {
                    delivered += deliver(c, claim) ? 1 : 0;
                }
                c.commit();
                return new Round(claims.size(), delivered);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
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

    private List<Claim> claim(Connection c) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, settings.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, rs.getString("event_id"),
                            rs.getString("source"), rs.getString("type"), rs.getString("aggregate_id"),
                            DateTimeFormatter.ISO_INSTANT.format(rs.getTimestamp("created_at").toInstant()),
                            "application/json", readTree(rs.getString("data")));
                    claims.add(new Claim(rs.getLong("id"), rs.getString("subscriber"), rs.getInt("attempts"), event));
                }
            }
        }
        return claims;
    }

    private boolean deliver(Connection c, Claim claim) throws SQLException {
        String url = settings.subscriberUrls().get(claim.subscriber());
        try {
            if (url == null) {
                throw new IllegalStateException("subscriber '" + claim.subscriber() + "' is not configured");
            }
            sender.send(url, claim.event());
        } catch (Exception e) {
            recordFailure(c, claim, e);
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox_delivery SET status = 'DELIVERED', delivered_at = now(), attempts = attempts + 1,"
                        + " last_error = NULL WHERE id = ?")) {
            ps.setLong(1, claim.deliveryId());
            ps.executeUpdate();
        }
        return true;
    }

    private void recordFailure(Connection c, Claim claim, Exception e) throws SQLException {
        int attempts = claim.attempts() + 1;
        boolean park = attempts >= settings.maxAttempts();
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (park) {
            LOG.warnf("Parking event %s (%s) for %s after %d attempts: %s", claim.event().id(), claim.event().type(),
                    claim.subscriber(), attempts, error);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox_delivery SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
            ps.setInt(1, attempts);
            ps.setString(2, park ? "PARKED" : "PENDING");
            ps.setTimestamp(3, Timestamp.from(Instant.now().plus(settings.backoffAfter(attempts))));
            ps.setString(4, error.length() > 2000 ? error.substring(0, 2000) : error);
            ps.setLong(5, claim.deliveryId());
            ps.executeUpdate();
        }
    }

    private com.fasterxml.jackson.databind.JsonNode readTree(String data) {
        try {
            return json.readTree(data);
        } catch (Exception e) {
            throw new IllegalStateException("Stored event data is not JSON", e);
        }
    }

    public record Round(int claimed, int delivered) {
    }

    private record Claim(long deliveryId, String subscriber, int attempts, CloudEvent event) {
    }
}
