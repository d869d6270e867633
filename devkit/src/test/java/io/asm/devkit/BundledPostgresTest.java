package io.asm.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The path a machine without PostgreSQL takes: the bundled binaries, unpacked from the classpath into a fresh root
 * (whatever the machine has installed), run a server that the suite's SQL (over JDBC, no psql) sets up.
 */
class BundledPostgresTest {

    static final String PASSWORD = "bundled-password-0123456789";

    static Path root;
    static Path dataDir;
    static LocalPostgres pg;

    @BeforeAll
    static void startFromBundledBinaries() throws Exception {
        root = Files.createTempDirectory("asm-bundled-");
        dataDir = root.resolve("data");
        long t0 = System.nanoTime();
        Path bin = PostgresBinaries.find(root, Map.of(PostgresBinaries.BUNDLED_VARIABLE, "true"));
        long t1 = System.nanoTime();
        pg = LocalPostgres.start(dataDir, 0, bin);
        long t2 = System.nanoTime();
        System.out.printf(
                "bundled PostgreSQL first start: unpack %.2f s, initdb + start %.2f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        pg.createDatabase("bundled");
        pg.createDatabase("bundled"); // again, as every ./asm up does
        pg.ensureServiceRole("bundled", "mesh", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        LocalPostgres.stop(dataDir); // as ./asm down does: with the binaries recorded at start
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")));
        delete(root);
    }

    static void delete(Path tree) throws IOException {
        try (var paths = Files.walk(tree)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void theServerRunsFromTheUnpackedBinaries() {
        Path home = root.resolve("postgres-" + BundledPostgres.version() + "-" + BundledPostgres.platform());
        assertEquals(home.resolve("bin"), pg.binDir());
        for (String program : List.of("initdb", "pg_ctl", "postgres")) {
            assertTrue(Files.isExecutable(home.resolve("bin").resolve(program)), program);
        }
    }

    @Test
    void aServiceRoleLogsInWithItsPasswordAndOwnsItsSchema() throws SQLException {
        try (Connection mesh = DriverManager.getConnection(pg.jdbcUrl("bundled"), "mesh", PASSWORD);
                Statement s = mesh.createStatement()) {
            s.execute("CREATE TABLE mesh.probe (name text)");
            s.execute("INSERT INTO mesh.probe VALUES ('from bundled binaries')");
            try (ResultSet rs = s.executeQuery("SELECT current_user, current_database(), name,"
                    + " current_setting('server_version') FROM mesh.probe")) {
                assertTrue(rs.next());
                assertEquals("mesh", rs.getString(1));
                assertEquals("bundled", rs.getString(2));
                assertEquals("from bundled binaries", rs.getString(3));
                // 15.10.0 (the artifact) is PostgreSQL 15.10.
                assertEquals(BundledPostgres.version().replaceFirst("\\.0$", ""), rs.getString(4));
            }
        }
    }

    @Test
    void concurrentInstallsShareOneCopy() throws Exception {
        Path shared = Files.createTempDirectory("asm-bundled-race-");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Path> install = () -> BundledPostgres.install(shared);
            List<Future<Path>> both = pool.invokeAll(List.of(install, install));
            assertEquals(both.get(0).get(), both.get(1).get());
        } finally {
            pool.shutdown();
        }
        try (var entries = Files.list(shared)) {
            // One installation, no staging directory left behind.
            assertEquals(
                    List.of("postgres-" + BundledPostgres.version() + "-" + BundledPostgres.platform()),
                    entries.map(p -> p.getFileName().toString()).toList());
        }
        delete(shared);
    }

    @Test
    void theSettingForcesTheBundledBinaries() {
        assertTrue(PostgresBinaries.bundledForced(Map.of("ASM_PG_BUNDLED", "true"), new Properties()));
        Properties property = new Properties();
        property.setProperty("asm.pg.bundled", "true");
        assertTrue(PostgresBinaries.bundledForced(Map.of(), property));
        assertFalse(PostgresBinaries.bundledForced(Map.of("ASM_PG_BUNDLED", "false"), new Properties()));
        assertFalse(PostgresBinaries.bundledForced(Map.of(), new Properties()));
    }
}
