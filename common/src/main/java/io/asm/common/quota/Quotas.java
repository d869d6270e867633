package io.asm.common.quota;

import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Checks a per-account quota when a resource is added. The caller counts what the account holds in the same
 * transaction after {@link #takeTurns}, or two requests could both take the last slot.
 */
@ApplicationScoped
public class Quotas {

    @Inject
    QuotaConfig config;

    /** Throws the quota's error when an account already holding {@code used} may not add one more. */
    public void requireRoom(Quota quota, long used) {
        require(quota, used, quota.limit(config));
    }

    /**
     * Makes one account's adds of a resource take turns until the transaction ends (a PostgreSQL advisory lock). It is
     * held until commit: take it as late as the caller can, or a burst of adds queues on it holding pooled connections.
     */
    public static void takeTurns(EntityManager em, Quota quota, String accountId) {
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "quota:" + quota.name() + ":" + accountId)
                .getSingleResult();
    }

    static void require(Quota quota, long used, long limit) {
        if (used >= limit) {
            throw new AsmException(quota.error(), limit);
        }
    }
}
