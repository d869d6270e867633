package io.asm.common.retry;

import java.time.Duration;

/** Capped exponential backoff: {@code initial × 2^(attempts−1)}, never more than {@code max}. */
public record Backoff(Duration initial, Duration max) {

    /** The wait after the {@code attempts}-th failure (1-based). */
    public Duration after(int attempts) {
        Duration next = initial.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30));
        return next.compareTo(max) > 0 ? max : next;
    }
}
