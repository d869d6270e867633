package io.asm.common.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.asm.devkit.sim.ClusterSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubeClientsTest {

    @Test
    void idleClientsAndTheLeastRecentlyUsedBeyondTheMaximumAreClosedAndBuiltAgainOnDemand() throws Exception {
        KubeClients clients = new KubeClients(Duration.ofSeconds(10), 2);
        try (ClusterSimulator simulator = new ClusterSimulator("127.0.0.1", 1_000)) {
            String a = simulator.create("a", false).kubeconfig();
            String b = simulator.create("b", false).kubeconfig();
            String c = simulator.create("c", false).kubeconfig();
            KubernetesClient first = clients.forKubeconfig(a);
            KubernetesClient second = clients.forKubeconfig(b);
            assertSame(first, clients.forKubeconfig(a)); // a is now the more recently used
            assertEquals(
                    0, clients.sweep(System.nanoTime() + Duration.ofSeconds(5).toNanos()));

            clients.forKubeconfig(c);
            assertEquals(1, clients.sweep(System.nanoTime()), "one over the maximum");
            assertEquals(2, clients.size());
            assertSame(first, clients.forKubeconfig(a));
            KubernetesClient again = clients.forKubeconfig(b);
            assertNotSame(second, again, "b was the least recently used");
            assertThrows(RuntimeException.class, () -> second.namespaces().list(), "and was closed");
            assertFalse(again.namespaces().list().getItems().isEmpty(), "the new client works");

            assertEquals(
                    3, clients.sweep(System.nanoTime() + Duration.ofSeconds(11).toNanos()), "all idle");
            assertEquals(0, clients.size());
            assertNotSame(first, clients.forKubeconfig(a));
        } finally {
            clients.closeAll();
        }
    }
}
