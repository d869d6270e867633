package io.asm.common.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** At-least-once in, exactly-once effects: an event id handled once is ignored afterwards. */
@ApplicationScoped
public class Inbox {

    private final DataSource dataSource;
    private final Instance<EventHandler> handlers;

    Inbox(DataSource dataSource, Instance<EventHandler> handlers) {
        this.dataSource = dataSource;
        this.handlers = handlers;
    }

    public record Receipt(String id, boolean duplicate) {
    }

    @Transactional
    public Receipt receive(CloudEvent event) {
        if (!recordFirstSight(event)) {
            return new Receipt(event.id(), true);
        }
        for (EventHandler handler : handlers) {
            if (handler.types().contains(event.type())) {
                handler.handle(event);
            }
        }
        return new Receipt(event.id(), false);
    }

    private boolean recordFirstSight(CloudEvent event) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO inbox (event_id, source, type) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
            ps.setString(1, event.source() + "/" + event.id());
            ps.setString(2, event.source());
            ps.setString(3, event.type());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record event " + event.id(), e);
        }
    }
}
