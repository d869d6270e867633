package io.asm.common.quota;

import io.asm.common.error.AsmError;
import java.util.function.ToLongFunction;

/** The quotas there are: each with its limit in {@link QuotaConfig} and the error a caller gets past it. */
public enum Quota {
    MESHES(QuotaConfig::meshesPerAccount, AsmError.QUOTA_EXCEEDED_SERVICE_MESH),
    CLUSTERS(QuotaConfig::clustersPerAccount, AsmError.QUOTA_EXCEEDED_CLUSTER),
    VM_APPS(QuotaConfig::vmAppsPerAccount, AsmError.QUOTA_EXCEEDED_VM_APP);

    private final ToLongFunction<QuotaConfig> limit;
    private final AsmError error;

    Quota(ToLongFunction<QuotaConfig> limit, AsmError error) {
        this.limit = limit;
        this.error = error;
    }

    long limit(QuotaConfig config) {
        return limit.applyAsLong(config);
    }

    AsmError error() {
        return error;
    }
}
