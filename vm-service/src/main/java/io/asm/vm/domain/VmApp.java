package io.asm.vm.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A VM application's desired state (DOMAIN.md §3.16): {@code applying → running | failed}, then {@code removing → gone}.
 * {@code spec} is the validated {@link VmAppSpec} as JSON.
 */
@Entity
@Table(name = "vm_app")
public class VmApp extends PanacheEntityBase {

    public static final String APPLYING = "applying";
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";
    public static final String REMOVING = "removing";

    @Id
    public String id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "mesh_id")
    public String meshId;

    public String namespace;

    @Column(name = "service_name")
    public String serviceName;

    public String spec;
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

    /** Moves the application to {@code next}, with fresh attempts, due now. */
    public void moveTo(String next) {
        state = next;
        attempts = 0;
        errorMessage = "";
        nextAttemptAt = OffsetDateTime.now();
        updatedAt = OffsetDateTime.now();
    }
}
