package io.asm.common.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Outbox delivery: who subscribes to what, and how hard to try. */
@ConfigMapping(prefix = "asm.events")
public interface EventsConfig {

    /** CloudEvents {@code source} of the events this service emits, e.g. {@code /mesh-service}. */
    @WithDefault("/${quarkus.application.name}")
    String source();

    /** Subscribers by name: {@code asm.events.subscribers.cluster.url=http://...:8082/events}. */
    Map<String, Subscriber> subscribers();

    /** How often the dispatcher looks for due deliveries. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** Deliveries claimed per round. */
    @WithDefault("50")
    int batchSize();

    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** Failed attempts after which a delivery is parked for an operator. */
    @WithDefault("20")
    int maxAttempts();

    /** Bound on one delivery POST, so a slow subscriber cannot stall the dispatcher. */
    @WithDefault("5s")
    Duration deliveryTimeout();

    interface Subscriber {
        /** The subscriber's {@code /events} endpoint. */
        String url();

        /** Event types it receives; {@code *} for all. */
        @WithDefault("*")
        Set<String> types();
    }
}
