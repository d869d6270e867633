package io.asm.vm.domain;

import io.asm.common.reconcile.ReconciledEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A VM application's desired state (DOMAIN.md §3.16): {@code applying → running | failed}, then {@code removing → gone}.
 * {@code spec} is the validated {@link VmAppSpec} as JSON.
 */
@Entity
@Table(name = "vm_app")
public class VmApp extends ReconciledEntity {

    public static final String APPLYING = "applying";
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";
    public static final String REMOVING = "removing";

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "mesh_id")
    public String meshId;

    public String namespace;

    @Column(name = "service_name")
    public String serviceName;

    public String spec;

    /** Moves the application to {@code next}, with fresh attempts, due now. */
    public void moveTo(String next) {
        enter(next);
        errorMessage = "";
    }
}
