package io.asm.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ASM_SIMULATED_CLUSTERS: how many clusters ./asm up offers, checked before anything starts. */
class SimulatedClustersTest {

    @Test
    void theSettingIsAWholeNumberFromZero() {
        assertEquals(2, SimulatedClusters.count(Map.of()));
        assertEquals(2, SimulatedClusters.count(Map.of(SimulatedClusters.SETTING, " ")));
        assertEquals(0, SimulatedClusters.count(Map.of(SimulatedClusters.SETTING, "0")));
        assertEquals(5, SimulatedClusters.count(Map.of(SimulatedClusters.SETTING, " 5 ")));
        for (String bad : new String[] {"-1", "two", "101", "1.5"}) {
            SuiteException e = assertThrows(
                    SuiteException.class, () -> SimulatedClusters.count(Map.of(SimulatedClusters.SETTING, bad)));
            assertEquals(
                    "ASM_SIMULATED_CLUSTERS must be a whole number from 0 to 100, not '" + bad + "'.", e.getMessage());
        }
    }
}
