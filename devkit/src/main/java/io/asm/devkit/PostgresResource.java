package io.asm.devkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource: one real PostgreSQL per test JVM, started on first use and stopped and deleted at JVM exit,
 * handed to the application as datasource settings. Each service migrates its own schema in it.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static LocalPostgres server;

    /** The shared server of this JVM, started on first call. */
    public static synchronized LocalPostgres server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("asm-test-pg");
                server = LocalPostgres.start(dir.resolve("data"), 0);
                server.createDatabase("asm");
                LocalPostgres started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> started.discard(dir)));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the test PostgreSQL: " + e.getMessage(), e);
            }
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        LocalPostgres pg = server();
        return Map.of(
                "quarkus.datasource.jdbc.url",
                pg.jdbcUrl("asm"),
                "quarkus.datasource.username",
                LocalPostgres.USER,
                "quarkus.datasource.password",
                "");
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped by the shutdown hook.
    }
}
