package io.asm.common.context;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Refuses to start with a guessable internal token, saying which setting is wrong. */
@Startup
@ApplicationScoped
public class InternalTokenCheck {

    static final int MIN_LENGTH = 16;

    InternalTokenCheck(InternalConfig config) {
        if (config.token().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "asm.internal.token (ASM_INTERNAL_TOKEN) must be at least " + MIN_LENGTH + " characters long");
        }
    }
}
