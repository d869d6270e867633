package io.asm.local.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.asm.devkit.LocalPostgres;
import io.asm.devkit.PostgresBinaries;
import io.asm.local.SuiteLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes role Job's script (deploy/kubernetes/base/postgres/db-roles.sh) run with psql against a real
 * PostgreSQL, twice: each service's role logs in with its password, owns its schema and what is in it, and can
 * touch no other schema.
 */
class DbRolesScriptTest {

    private static final Path REPO = SuiteLayout.findRepo(Path.of(""));
    private static final List<String> ROLES = List.of("gateway", "mesh", "cluster", "observability", "vm");

    @TempDir
    Path dir;

    @Test
    void makesEachServiceRoleOwnerOfItsSchemaOnly() throws Exception {
        try (LocalPostgres pg =
                LocalPostgres.start(dir.resolve("data"), 0, PostgresBinaries.find(PostgresBinaries.userCache()))) {
            Map<String, String> passwords = new LinkedHashMap<>();
            ROLES.forEach(
                    r -> passwords.put(r, HexFormat.of().formatHex(r.repeat(4).getBytes())));
            runScript(pg, passwords);
            // A table an administrator made in a service's schema (an older install) is handed to the service.
            try (Connection admin = DriverManager.getConnection(pg.jdbcUrl("asm"), LocalPostgres.USER, "");
                    Statement s = admin.createStatement()) {
                s.execute("CREATE TABLE mesh.legacy (id int)");
            }
            passwords.put("vm", "a-new-password-for-vm-0123"); // a rotated password is set on the next run
            runScript(pg, passwords);

            for (String role : ROLES) {
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl("asm"), role, passwords.get(role));
                        Statement s = c.createStatement()) {
                    assertEquals(
                            role,
                            one(s, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = current_user"));
                    assertEquals("false", one(s, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"));
                    assertEquals(
                            "false", one(s, "SELECT rolcreatedb::text FROM pg_roles WHERE rolname = current_user"));
                    s.execute("CREATE TABLE " + role + ".probe (id int)");
                    for (String other : ROLES) {
                        if (!other.equals(role)) {
                            SQLException e = assertThrows(
                                    SQLException.class,
                                    () -> s.execute("CREATE TABLE " + other + ".intruder (id int)"));
                            assertEquals(
                                    "42501", e.getSQLState(), role + " in schema " + other); // insufficient_privilege
                        }
                    }
                }
            }
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("asm"), "mesh", passwords.get("mesh"));
                    Statement s = c.createStatement()) {
                assertEquals("mesh", one(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'legacy'"));
            }
            assertThrows(
                    SQLException.class,
                    () -> DriverManager.getConnection(
                                    pg.jdbcUrl("asm"), "vm", HexFormat.of().formatHex("vmvmvmvm".getBytes()))
                            .close(),
                    "the old vm password no longer works");
        }
    }

    private void runScript(LocalPostgres pg, Map<String, String> passwords) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "sh",
                        REPO.resolve("deploy/kubernetes/base/postgres/db-roles.sh")
                                .toString())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", psql(pg).getParent() + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(pg.port()));
        env.put("PGUSER", LocalPostgres.USER);
        passwords.forEach((role, pw) -> env.put("DB_PASSWORD_" + role.toUpperCase(Locale.ROOT), pw));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        for (String role : ROLES) {
            assertTrue(out.contains("role " + role + ": owns schema " + role), out);
        }
        assertFalse(out.contains("ERROR"), out);
    }

    /** psql beside the server's binaries (the machine's PostgreSQL), else on the PATH; the bundled ones lack it. */
    private static Path psql(LocalPostgres pg) throws Exception {
        Stream<Path> candidates = Stream.concat(
                Stream.of(pg.binDir().resolve("psql")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                        .filter(d -> !d.isEmpty())
                        .map(d -> Path.of(d, "psql")));
        return candidates
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("psql (and pg_isready) are needed to run the role Job's script: install the"
                        + " PostgreSQL client (apt-get install postgresql-client, as .ci/run installs postgresql-15)"));
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
