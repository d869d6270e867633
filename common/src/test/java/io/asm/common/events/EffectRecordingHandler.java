package io.asm.common.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/** A consumer whose effect is a row, written in the inbox transaction. */
@ApplicationScoped
public class EffectRecordingHandler implements EventHandler {

    private final DataSource dataSource;

    EffectRecordingHandler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Set<String> types() {
        return Set.of("ThingHappened");
    }

    @Override
    public void handle(CloudEvent event) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO test_effect (event_id, aggregate_id) VALUES (?, ?)")) {
            ps.setString(1, event.id());
            ps.setString(2, event.subject());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
