package io.asm.observability;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Waits, bounded, for what a reconciler or an event does in the background. */
public final class Eventually {

    private Eventually() {}

    public static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("Not within 15 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
