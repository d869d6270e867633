package io.asm.common.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** A waiting row is looked at again after a quarter of the time it has waited, between the first interval and 5 s. */
class WaitPacingTest {

    static final Duration FIRST = Duration.ofMillis(200);

    static class Row extends ReconciledEntity {
        void move(String next) {
            enter(next);
        }
    }

    @Test
    void theIntervalGrowsWithTheWaitBetweenFirstAndFiveSeconds() {
        assertEquals(FIRST, ReconciledEntity.lookInterval(Duration.ZERO, FIRST));
        assertEquals(FIRST, ReconciledEntity.lookInterval(Duration.ofMillis(799), FIRST));
        assertEquals(Duration.ofMillis(500), ReconciledEntity.lookInterval(Duration.ofSeconds(2), FIRST));
        assertEquals(Duration.ofSeconds(5), ReconciledEntity.lookInterval(Duration.ofSeconds(20), FIRST));
        assertEquals(Duration.ofSeconds(5), ReconciledEntity.lookInterval(Duration.ofMinutes(10), FIRST));
        assertEquals(
                Duration.ofSeconds(2), ReconciledEntity.lookInterval(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void theWaitIsCountedFromTheFirstWaitInAStateAndEnteringAStateEndsIt() {
        Row row = new Row();
        row.move("initial");
        OffsetDateTime before = OffsetDateTime.now();
        assertEquals(FIRST, row.waitAgain(FIRST));
        OffsetDateTime began = row.waitingSince;
        assertTrue(!began.isBefore(before), "the wait begins at the first wait");
        assertTrue(!row.nextAttemptAt.isBefore(began.plus(FIRST)), "due after the first interval");

        row.waitingSince = began.minusSeconds(8); // as if it had waited 8 s
        Duration pause = row.waitAgain(FIRST);
        assertTrue(
                pause.compareTo(Duration.ofSeconds(2)) >= 0 && pause.compareTo(Duration.ofMillis(2500)) < 0,
                pause.toString());
        assertEquals(began.minusSeconds(8), row.waitingSince, "a later wait keeps when the wait began");

        row.move("running");
        assertNull(row.waitingSince);
        assertEquals(FIRST, row.waitAgain(FIRST), "a wait in the next state starts over");
    }
}
