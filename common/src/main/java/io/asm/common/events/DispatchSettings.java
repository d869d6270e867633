package io.asm.common.events;

import io.asm.common.retry.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the dispatcher needs from {@link EventsConfig}, as plain values so tests can build one. {@code lease} is how
 * long a claimed batch stays the claimer's: longer than sending the whole batch can take.
 */
public record DispatchSettings(
        Map<String, String> subscriberUrls,
        int batchSize,
        Duration initialBackoff,
        Duration maxBackoff,
        int maxAttempts,
        Duration lease) {

    /** A minute's lease: for senders that answer at once. */
    public DispatchSettings(
            Map<String, String> subscriberUrls,
            int batchSize,
            Duration initialBackoff,
            Duration maxBackoff,
            int maxAttempts) {
        this(subscriberUrls, batchSize, initialBackoff, maxBackoff, maxAttempts, Duration.ofMinutes(1));
    }

    static DispatchSettings from(EventsConfig config) {
        Map<String, String> urls = config.subscribers().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey, e -> e.getValue().url()));
        // Each send of a batch may take the whole delivery timeout; a second's slack for the bookkeeping.
        Duration lease =
                config.deliveryTimeout().multipliedBy(config.batchSize()).plusSeconds(1);
        return new DispatchSettings(
                urls, config.batchSize(), config.initialBackoff(), config.maxBackoff(), config.maxAttempts(), lease);
    }

    /** Capped exponential backoff after the {@code attempts}-th failure (1-based). */
    Duration backoffAfter(int attempts) {
        return new Backoff(initialBackoff, maxBackoff).after(attempts);
    }
}
