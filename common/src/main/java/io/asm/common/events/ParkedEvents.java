package io.asm.common.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** What an operator sees of deliveries that gave up: a gauge, a list, and a way to try again. */
@ApplicationScoped
public class ParkedEvents {

    private final DataSource dataSource;

    ParkedEvents(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder("asm.outbox.parked", this, ParkedEvents::countOrNaN)
                .description("Event deliveries parked after too many failures")
                .register(registry);
    }

    public record Parked(
            long deliveryId,
            String eventId,
            String type,
            String aggregateId,
            String subscriber,
            int attempts,
            String lastError) {}

    public List<Parked> list() throws SQLException {
        String sql = """
                SELECT d.id, d.event_id, e.type, d.aggregate_id, d.subscriber, d.attempts, d.last_error
                  FROM outbox_delivery d JOIN outbox_event e ON e.id = d.event_id
                 WHERE d.status = 'PARKED' ORDER BY d.id""";
        List<Parked> parked = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                parked.add(new Parked(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getString(7)));
            }
        }
        return parked;
    }

    /** Puts a parked delivery back in the queue with a fresh attempt budget; false when no such parked delivery. */
    public boolean retry(long deliveryId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE outbox_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now()"
                                + " WHERE id = ? AND status = 'PARKED'")) {
            ps.setLong(1, deliveryId);
            return ps.executeUpdate() == 1;
        }
    }

    private double countOrNaN() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM outbox_delivery WHERE status = 'PARKED'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
