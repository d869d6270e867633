package io.asm.devkit;

import io.asm.devkit.sim.ClusterSimulator;
import io.asm.devkit.sim.SimulatorServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource: an in-JVM cluster simulator, handed to the application as {@code asm.simulator.url}. */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    private static ClusterSimulator simulator;
    private static SimulatorServer server;

    public static synchronized ClusterSimulator simulator() {
        if (simulator == null) {
            try {
                simulator = new ClusterSimulator("127.0.0.1", 100);
                server = new SimulatorServer(simulator, "127.0.0.1", 0);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the cluster simulator", e);
            }
        }
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        simulator();
        return Map.of("asm.simulator.url", server.url());
    }

    @Override
    public void stop() {
        // Shared by the test classes of this JVM.
    }
}
