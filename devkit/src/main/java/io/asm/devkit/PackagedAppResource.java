package io.asm.devkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource for {@code @QuarkusIntegrationTest}: the packaged application (jar or native executable) runs
 * in the prod profile, so it gets the test PostgreSQL and the secrets the way a deployment hands them over, as the
 * {@code ASM_*} settings (see common's microprofile-config.properties), with the test profile's token and key so that
 * {@link InternalCaller} works unchanged.
 */
public class PackagedAppResource implements QuarkusTestResourceLifecycleManager {

    /** {@code %test.asm.crypto.keys.k1} of common's defaults. */
    public static final String CRYPTO_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("ASM_DB_URL", PostgresResource.server().jdbcUrl("asm"));
        config.put("ASM_DB_USER", LocalPostgres.USER);
        config.put("ASM_INTERNAL_TOKEN", InternalCaller.TOKEN);
        config.put("ASM_CRYPTO_KEY", CRYPTO_KEY);
        return config;
    }

    @Override
    public void stop() {
        // The PostgreSQL server is shared by the JVM and stopped by its shutdown hook.
    }
}
