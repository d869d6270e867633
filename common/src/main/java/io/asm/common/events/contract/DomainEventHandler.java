package io.asm.common.events.contract;

import java.util.Set;

/**
 * A typed reaction to another context's events: the inbox reads the CloudEvent's data into the record named by its
 * type. Runs inside the inbox transaction, like the untyped {@code EventHandler}, which stays for handlers
 * that want the raw CloudEvent.
 */
public interface DomainEventHandler<T extends DomainEvent> {

    /** The records it handles; their simple names are the CloudEvent types it subscribes to. */
    Set<Class<? extends T>> types();

    void handle(T event);
}
