package io.asm.gateway.auth;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.gateway.catalogue.ActionSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The account a routed call acts for: the caller's own, or, where the action declares {@code AccountId}
 * (RegisterCluster), the one an administrator names — so an operator can give a tenant its clusters. A tenant's key
 * naming any account is refused: it could otherwise write into another tenant's registry.
 */
@ApplicationScoped
public class ActingAccount {

    static final String ACCOUNT_ID = "AccountId";

    @Inject
    AccessKeys keys;

    /** The account id, taking {@code AccountId} out of {@code params}: the services receive accounts as headers only. */
    public String resolve(ActionSpec spec, Map<String, Object> params, Caller caller) {
        Object named = params.remove(ACCOUNT_ID);
        if (named == null || named.equals(caller.accountId())) {
            return caller.accountId();
        }
        if (!caller.admin()) {
            throw new AsmException(
                    AsmError.FORBIDDEN,
                    "Only administrator AccessKeys may call " + spec.name() + " for another account (AccountId).");
        }
        String accountId = (String) named; // 16 digits, by the catalogue
        keys.findAccount(accountId).orElseThrow(() -> new AsmException(AsmError.ACCOUNT_NOT_FOUND));
        return accountId;
    }
}
