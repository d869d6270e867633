package io.asm.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.events.contract.DomainEvent;
import io.asm.common.events.contract.DomainEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** At-least-once in, exactly-once effects: an event id handled once is ignored afterwards. */
@ApplicationScoped
public class Inbox {

    @Inject
    DataSource dataSource;

    @Inject
    Instance<EventHandler> handlers;

    @Inject
    Instance<DomainEventHandler<?>> typedHandlers;

    @Inject
    ObjectMapper json;

    public record Receipt(String id, boolean duplicate) {}

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
        for (DomainEventHandler<?> handler : typedHandlers) {
            deliver(handler, event);
        }
        return new Receipt(event.id(), false);
    }

    private <T extends DomainEvent> void deliver(DomainEventHandler<T> handler, CloudEvent event) {
        for (Class<? extends T> type : handler.types()) {
            if (DomainEvent.typeOf(type).equals(event.type())) {
                handler.handle(read(event, type));
            }
        }
    }

    private <T> T read(CloudEvent event, Class<T> type) {
        try {
            return json.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            // Not retried into success: the consumer's inbox transaction rolls back and the sender parks it in time.
            throw new IllegalArgumentException("Event " + event.id() + " is no valid " + event.type(), e);
        }
    }

    private boolean recordFirstSight(CloudEvent event) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
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
