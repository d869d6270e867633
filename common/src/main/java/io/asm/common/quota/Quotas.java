package io.asm.common.quota;

import io.asm.common.error.AsmException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks a per-account quota before a resource is added. The caller counts what the account holds in the same
 * transaction and serialises concurrent adds of one account (e.g. an advisory lock, see {@link #lockKey}), or two
 * requests could both take the last slot.
 */
@ApplicationScoped
public class Quotas {

    @Inject
    QuotaConfig config;

    /** Throws the quota's error when an account already holding {@code used} may not add one more. */
    public void requireRoom(Quota quota, long used) {
        require(quota, used, quota.limit(config));
    }

    /** The key to serialise one account's adds under, e.g. {@code pg_advisory_xact_lock(hashtext(key))}. */
    public static String lockKey(Quota quota, String accountId) {
        return "quota:" + quota.name() + ":" + accountId;
    }

    static void require(Quota quota, long used, long limit) {
        if (used >= limit) {
            throw new AsmException(quota.error(), limit);
        }
    }
}
