package io.asm.common.events.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One event type of the internal contract: a record whose simple name is the CloudEvent {@code type} and whose
 * JSON form is the event's {@code data}. Records live in common because every service both produces and consumes
 * them; a per-service api module would be more modules for a handful of small records.
 * Each record is {@code @RegisterForReflection}: the outbox and inbox (de)serialise it with Jackson outside any REST
 * endpoint, where a native build would not see it.
 */
public interface DomainEvent {

    /** The CloudEvent subject: the aggregate whose events are delivered in order. */
    @JsonIgnore
    String aggregateId();

    /** The wire name of an event type: the record's simple name (MeshCreated, ClusterAttached, …). */
    static String typeOf(Class<? extends DomainEvent> type) {
        return type.getSimpleName();
    }
}
