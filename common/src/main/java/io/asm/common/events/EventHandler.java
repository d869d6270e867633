package io.asm.common.events;

import java.util.Set;

/**
 * A service's reaction to another context's events. Runs inside the inbox transaction, so its effects and the
 * record that the event was handled commit together.
 */
public interface EventHandler {

    Set<String> types();

    void handle(CloudEvent event);
}
