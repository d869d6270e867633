package io.asm.devkit.sim;

/** The simulator holds as many API servers as its heap is sized for; a new one is refused, not half-made. */
public final class SimulatorFullException extends IllegalStateException {

    SimulatorFullException(int capacity) {
        super("The cluster simulator is full: it holds " + capacity + " API servers, as many as its heap is sized for"
                + " (ASM_SIMULATOR_CAPACITY, or more heap with ASM_SIMULATOR_JAVA_OPTS). Delete some clusters first.");
    }
}
