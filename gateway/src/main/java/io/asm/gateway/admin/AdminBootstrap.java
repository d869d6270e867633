package io.asm.gateway.admin;

import io.asm.gateway.auth.AccessKeys;
import io.asm.gateway.catalogue.ValueFormat;
import io.asm.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * First start: an administrator account and AccessKey, from ASM_BOOTSTRAP_ACCESS_KEY_ID/_SECRET when set, else
 * generated into the file ASM_BOOTSTRAP_SECRET_FILE names (never into the log), else the gateway refuses to start.
 * Later starts only make sure a configured bootstrap key exists.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    static final String ADMIN_ACCOUNT = "admin";

    @Inject
    AccessKeys keys;

    @Inject
    GatewayConfig config;

    @Inject
    DataSource dataSource;

    @Transactional
    void onStart(@Observes StartupEvent event) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement lock =
                        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('asm-admin-bootstrap'))")) {
            lock.execute(); // replicas starting together create one admin, not several
        }
        var wantedId = config.bootstrap().accessKeyId().filter(s -> !s.isBlank());
        var wantedSecret = config.bootstrap().accessKeySecret().filter(s -> !s.isBlank());
        if (wantedId.isPresent() != wantedSecret.isPresent()) {
            throw new IllegalStateException(
                    "Set both ASM_BOOTSTRAP_ACCESS_KEY_ID and ASM_BOOTSTRAP_ACCESS_KEY_SECRET, or neither");
        }
        if (wantedId.isPresent() && !ValueFormat.ACCESS_KEY_ID.accepts(wantedId.get())) {
            // The gateway would refuse every call signed with it.
            throw new IllegalStateException(
                    "ASM_BOOTSTRAP_ACCESS_KEY_ID must be " + ValueFormat.ACCESS_KEY_ID.describe());
        }
        if (wantedId.isPresent() && keys.find(wantedId.get()).isPresent()) {
            return;
        }
        if (wantedId.isEmpty() && keys.anyAdmin()) {
            return;
        }
        // Nothing configured: generate, but only where the secret can be handed over privately; else refuse to start.
        Path secretFile = wantedId.isPresent()
                ? null
                : BootstrapKeyFile.require(config.bootstrap().secretFile());
        String accountId = keys.findAccountByName(ADMIN_ACCOUNT)
                .orElseGet(() -> keys.createAccount(ADMIN_ACCOUNT, true))
                .accountId();
        AccessKeys.Key key = keys.createKey(accountId, wantedId.orElse(null), wantedSecret.orElse(null));
        if (secretFile == null) {
            LOG.infof("Administrator AccessKey %s created from configuration", key.id());
        } else {
            // Written once (a failure rolls the key back): the secret is stored sealed and cannot be shown again.
            BootstrapKeyFile.write(secretFile, key.id(), key.secret());
            LOG.warnf(
                    "Generated administrator AccessKey %s; its secret is in %s (readable by this user only)",
                    key.id(), secretFile.toAbsolutePath());
        }
    }
}
