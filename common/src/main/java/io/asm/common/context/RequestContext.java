package io.asm.common.context;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Locale;
import java.util.UUID;

/** Who is calling and under which request id: filled from the gateway's headers by {@link RequestContextFilter}. */
@RequestScoped
public class RequestContext {

    private String requestId;
    private String accountId;
    private String regionId;

    public String requestId() {
        if (requestId == null) {
            requestId = newRequestId();
        }
        return requestId;
    }

    /** The caller's account; services refuse to act without one. */
    public String accountId() {
        return accountId;
    }

    /** The caller's account, or Forbidden: an internal call that names no account gets nothing. */
    public String requireAccountId() {
        if (accountId == null || accountId.isBlank()) {
            throw new AsmException(AsmError.FORBIDDEN, "The caller's account is missing.");
        }
        return accountId;
    }

    public String regionId() {
        return regionId;
    }

    /** The region the gateway resolved (RegionId or its default); services never guess one. */
    public String requireRegionId() {
        if (regionId == null || regionId.isBlank()) {
            throw AsmError.missing("RegionId");
        }
        return regionId;
    }

    void fill(String requestId, String accountId, String regionId) {
        this.requestId = requestId == null || requestId.isBlank() ? newRequestId() : requestId;
        this.accountId = accountId;
        this.regionId = regionId;
    }

    /** POP request ids are upper-case UUIDs. */
    public static String newRequestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }
}
