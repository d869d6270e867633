package io.asm.common.reconcile;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;

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

    /** Enters {@code next} with fresh attempts, due now, for the reconciler to take up. */
    protected void enter(String next) {
        state = next;
        attempts = 0;
        nextAttemptAt = OffsetDateTime.now();
        updatedAt = OffsetDateTime.now();
    }
}
