package io.asm.devkit.sim;

import java.nio.file.Path;

/** Runs the cluster simulator as its own process: {@code ASM_SIMULATOR_PORT} (default 8090) on 127.0.0.1; {@code ASM_SIMULATOR_STATE} names the file that keeps its clusters across restarts;
 * {@code ASM_SIMULATOR_CAPACITY} caps its API servers (default: as many as its heap holds). */
public final class SimulatorMain {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("ASM_SIMULATOR_PORT", "8090"));
        String bind = System.getenv().getOrDefault("ASM_SIMULATOR_BIND", "127.0.0.1");
        String state = System.getenv("ASM_SIMULATOR_STATE");
        String capacity = System.getenv("ASM_SIMULATOR_CAPACITY");
        ClusterSimulator simulator = new ClusterSimulator(
                bind,
                100,
                state == null || state.isBlank() ? null : Path.of(state),
                capacity == null || capacity.isBlank()
                        ? ClusterSimulator.defaultCapacity()
                        : Integer.parseInt(capacity.trim()));
        SimulatorServer server = new SimulatorServer(simulator, bind, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            simulator.close();
        }));
        System.out.println("cluster simulator listening on " + server.url() + ", room for " + simulator.capacity()
                + " API servers in " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB of heap");
        Thread.currentThread().join();
    }

    private SimulatorMain() {}
}
