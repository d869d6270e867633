package io.asm.common.reconcile;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** The columns a {@link ReconcileTable} works on, for the entities of reconciled tables (mesh, cluster, vm_app). */
@MappedSuperclass
public abstract class ReconciledEntity extends PanacheEntityBase {

    @Id
    public String id;

    public String state;

    @Column(name = "error_message")
    public String errorMessage = "";

    public int attempts;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** When the row began waiting (for a control plane, a mesh) in its state; null while it is not waiting. */
    @Column(name = "waiting_since")
    public OffsetDateTime waitingSince;

    /** The longest pause between two looks at a waiting row. */
    static final Duration MAX_LOOK_INTERVAL = Duration.ofSeconds(5);

    /** Enters {@code next} with fresh attempts, due now, for the reconciler to take up. */
    protected void enter(String next) {
        state = next;
        attempts = 0;
        nextAttemptAt = OffsetDateTime.now();
        updatedAt = OffsetDateTime.now();
        waitingSince = null;
    }

    /**
     * Still waiting, which is no failure: the row is due again after a quarter of the time it has waited so far, at
     * least {@code first} and at most 5 s — a control plane that takes a minute is looked at about 30 times instead
     * of up to 300, and one that is ready in a second is seen within a quarter of a second. Each look applies the row's
     * whole desired state again: with many rows waiting, a fixed short interval is a steady load of needless applies.
     *
     * @return how long until the next look, for the loop to be woken then
     */
    public Duration waitAgain(Duration first) {
        OffsetDateTime now = OffsetDateTime.now();
        if (waitingSince == null) {
            waitingSince = now;
        }
        Duration pause = lookInterval(Duration.between(waitingSince, now), first);
        nextAttemptAt = now.plus(pause);
        return pause;
    }

    /** What the row waited for has happened (another service said so): it is due now, its wait over. */
    public void lookNow() {
        nextAttemptAt = OffsetDateTime.now();
        waitingSince = null;
    }

    static Duration lookInterval(Duration waited, Duration first) {
        // Whole milliseconds, as the loop's wake-up is scheduled: it must not come before the row is due.
        Duration quarter = waited.dividedBy(4).truncatedTo(ChronoUnit.MILLIS);
        Duration atLeastFirst = quarter.compareTo(first) < 0 ? first : quarter;
        return atLeastFirst.compareTo(MAX_LOOK_INTERVAL) > 0 ? MAX_LOOK_INTERVAL : atLeastFirst;
    }
}
