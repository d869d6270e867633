package io.asm.gateway.auth;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code asm.gateway.max-concurrent-per-account} requests of one account in flight on this replica: the rest
 * get {@code Throttling.User} at once instead of a worker. Counted after the signature, so nobody can use up another
 * account's share with requests they cannot sign.
 */
@ApplicationScoped
public class AccountFlowControl {

    /** Held for the request's duration; closing it lets the next one in. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final int limit;

    AccountFlowControl(GatewayConfig config) {
        this.limit = config.maxConcurrentPerAccount();
    }

    /** The account's requests in flight on this replica. */
    public int inFlight(String accountId) {
        return inFlight.getOrDefault(accountId, 0);
    }

    public Permit enter(String accountId) {
        boolean[] admitted = {false};
        inFlight.compute(accountId, (account, n) -> {
            int current = n == null ? 0 : n;
            if (current >= limit) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            throw new AsmException(AsmError.THROTTLING_USER);
        }
        // Idle accounts leave no entry behind: the map holds only accounts with requests in flight.
        return () -> inFlight.computeIfPresent(accountId, (account, n) -> n <= 1 ? null : n - 1);
    }
}
