package io.asm.common.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-account quotas, so one tenant cannot grow the suite's tables and clusters without bound. Env: ASM_QUOTA_*. */
@ConfigMapping(prefix = "asm.quota")
public interface QuotaConfig {

    /** Service meshes an account may hold (those being deleted do not count). Env: ASM_QUOTA_MESHES_PER_ACCOUNT. */
    @WithDefault("50")
    long meshesPerAccount();

    /** Data-plane clusters an account may register. Env: ASM_QUOTA_CLUSTERS_PER_ACCOUNT. */
    @WithDefault("100")
    long clustersPerAccount();

    /** VM applications an account may add to its meshes. Env: ASM_QUOTA_VM_APPS_PER_ACCOUNT. */
    @WithDefault("500")
    long vmAppsPerAccount();
}
