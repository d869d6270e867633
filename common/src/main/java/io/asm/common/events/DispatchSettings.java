package io.asm.common.events;

import io.asm.common.retry.Backoff;
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
        return new Backoff(initialBackoff, maxBackoff).after(attempts);
    }
}
