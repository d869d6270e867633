package io.asm.local;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one running suite that the E2E classes without needs of their own share (a {@link RunningSuite} parameter of
 * their {@code @BeforeAll}, and {@code @Order(1)} to run first): started for the first class that asks, reset when
 * the test run ends. A suite's start is five JVMs, about half a minute of both cores here; a class that restarts it
 * leaves it running.
 *
 * <p>It runs on the PostgreSQL binaries published on Maven Central, as on a machine without PostgreSQL, with a fixed
 * bootstrap key, and with a Grafana base URL that the dashboards' links are checked against.
 */
final class SharedSuite implements ParameterResolver {

    static final String GRAFANA = "http://grafana.e2e.example:3000";

    /**
     * For a class that starts a suite of its own: the shared one is stopped first, so that two suites do not share
     * the two cores (the shared classes run first, see junit-platform.properties; a later one would start it again).
     */
    static final class StoppedFirst implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            RunningSuite shared = store(context).remove(RunningSuite.class, RunningSuite.class);
            if (shared != null) {
                shared.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningSuite.class;
    }

    @Override
    public RunningSuite resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root context's store closes what it holds (RunningSuite is AutoCloseable) when the run ends.
        return store(context).computeIfAbsent(RunningSuite.class, key -> start(), RunningSuite.class);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedSuite.class));
    }

    private static RunningSuite start() {
        try {
            return new RunningSuite(
                    "asm-e2e",
                    28000,
                    Map.of(
                            "ASM_PG_BUNDLED", "true",
                            "ASM_GRAFANA_URL", GRAFANA,
                            "ASM_BOOTSTRAP_ACCESS_KEY_ID", "LTAIe2eadmin0000000001",
                            "ASM_BOOTSTRAP_ACCESS_KEY_SECRET", "e2e-admin-secret-0000000000000"));
        } catch (Exception e) {
            throw new IllegalStateException("The shared E2E suite did not start: " + e.getMessage(), e);
        }
    }
}
