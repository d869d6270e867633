package io.asm.common.context;

/** Headers of the internal API between the gateway and the services. */
public final class AsmHeaders {
    public static final String REQUEST_ID = "X-Asm-Request-Id";
    public static final String ACCOUNT_ID = "X-Asm-Account-Id";
    public static final String REGION_ID = "X-Asm-Region-Id";
    public static final String INTERNAL_TOKEN = "X-Asm-Internal-Token";
    /** Mirrors RequestId on every public response, as POP does. */
    public static final String ACS_REQUEST_ID = "x-acs-request-id";

    private AsmHeaders() {}
}
