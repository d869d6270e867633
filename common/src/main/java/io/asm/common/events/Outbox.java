package io.asm.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.events.contract.DomainEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Records a domain event in the caller's transaction: if the state change rolls back, the event was never written.
 * Delivery is the {@link OutboxDispatcher}'s job, woken when the transaction commits.
 */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE = Outbox.class.getName() + ".wake";

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    EventsConfig config;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxDispatchJob dispatch;

    /** Writes a contract event: its record's name is the type, its aggregate the subject; returns the event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(DomainEvent event) {
        return publish(DomainEvent.typeOf(event.getClass()), event.aggregateId(), event);
    }

    /** Writes {@code type} about {@code aggregateId} with {@code data} (any JSON-serialisable value); returns the event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String type, String aggregateId, Object data) {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            // Writers of one aggregate take turns, so delivery ids of an aggregate follow commit order.
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "outbox:" + aggregateId);
                lock.execute();
            }
            try (PreparedStatement event = c.prepareStatement(
                    "INSERT INTO outbox_event (id, type, source, aggregate_id, data) VALUES (?, ?, ?, ?, ?)")) {
                event.setObject(1, id);
                event.setString(2, type);
                event.setString(3, config.source());
                event.setString(4, aggregateId);
                event.setString(5, json.writeValueAsString(data));
                event.executeUpdate();
            }
            try (PreparedStatement delivery = c.prepareStatement(
                    "INSERT INTO outbox_delivery (event_id, subscriber, aggregate_id) VALUES (?, ?, ?)")) {
                for (var subscriber : config.subscribers().entrySet()) {
                    var types = subscriber.getValue().types();
                    if (types.contains("*") || types.contains(type)) {
                        delivery.setObject(1, id);
                        delivery.setString(2, subscriber.getKey());
                        delivery.setString(3, aggregateId);
                        delivery.addBatch();
                    }
                }
                delivery.executeBatch();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event " + type + " for " + aggregateId, e);
        }
        wakeDispatcherAfterCommit();
        return id;
    }

    /** Once per transaction: its events go out as soon as it commits, not at the dispatcher's next tick. */
    private void wakeDispatcherAfterCommit() {
        if (transactions.getResource(WAKE) != null) {
            return;
        }
        transactions.putResource(WAKE, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    dispatch.wake();
                }
            }
        });
    }
}
