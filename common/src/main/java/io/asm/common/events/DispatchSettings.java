package io.asm.common.events;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** What the dispatcher needs from {@link EventsConfig}, as plain values so tests can build one. */
public record DispatchSettings(Map<String, String> subscriberUrls, int batchSize, Duration initialBackoff,
                               Duration maxBackoff, int maxAttempts) {

    static DispatchSettings from(EventsConfig config) {
        Map<String, String> urls = config.subscribers().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().url()));
        return new DispatchSettings(urls, config.batchSize(), config.initialBackoff(), config.maxBackoff(),
                config.maxAttempts());
    }

    /** Capped exponential backoff after the {@code attempts}-th failure (1-based). */
    Duration backoffAfter(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 30);
        Duration next = initialBackoff.multipliedBy(factor);
        return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
    }
}
