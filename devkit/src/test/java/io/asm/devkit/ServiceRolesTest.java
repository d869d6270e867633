package io.asm.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each service's role (made as ./asm up makes them) owns its schema and cannot reach another's. */
class ServiceRolesTest {

    static final String MESH_PASSWORD = "mesh-password-0123456789";
    static final String CLUSTER_PASSWORD = "cluster-password-0123456789";

    static LocalPostgres pg;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("asm-roles-");
        pg = LocalPostgres.start(dir.resolve("pg"), 0);
        pg.createDatabase("asm");
        // A schema from before roles existed: made and filled by the superuser.
        try (Connection admin = connect(LocalPostgres.USER, "");
                Statement s = admin.createStatement()) {
            s.execute("CREATE SCHEMA cluster");
            s.execute("CREATE TABLE cluster.registered (id bigserial PRIMARY KEY, kubeconfig text)");
            s.execute("INSERT INTO cluster.registered (kubeconfig) VALUES ('member token')");
        }
        pg.ensureServiceRole("asm", "mesh", MESH_PASSWORD);
        pg.ensureServiceRole("asm", "cluster", CLUSTER_PASSWORD);
        pg.ensureServiceRole("asm", "cluster", CLUSTER_PASSWORD); // again, as every ./asm up does
    }

    @AfterAll
    static void stop() {
        pg.discard(dir);
    }

    static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl("asm"), user, password);
    }

    @Test
    void aRoleCreatesTablesInItsOwnSchemaButCannotReadAnothers() throws SQLException {
        try (Connection mesh = connect("mesh", MESH_PASSWORD);
                Statement s = mesh.createStatement()) {
            s.execute("CREATE TABLE mesh.flyway_probe (id int)");
            s.execute("INSERT INTO mesh.flyway_probe VALUES (1)");
            SQLException denied =
                    assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM cluster.registered"));
            assertEquals("42501", denied.getSQLState(), denied.getMessage()); // insufficient_privilege
            assertTrue(denied.getMessage().contains("permission denied for schema cluster"), denied.getMessage());
            SQLException noCreate = assertThrows(SQLException.class, () -> s.execute("CREATE SCHEMA observability"));
            assertEquals("42501", noCreate.getSQLState(), noCreate.getMessage());
        }
    }

    @Test
    void aSchemaFromBeforeRolesIsHandedOverWithItsTables() throws SQLException {
        try (Connection cluster = connect("cluster", CLUSTER_PASSWORD);
                Statement s = cluster.createStatement()) {
            s.execute("INSERT INTO cluster.registered (kubeconfig) VALUES ('second')");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM cluster.registered")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM mesh.flyway_probe"));
        }
    }

    @Test
    void aServiceRoleMustGiveItsPassword() {
        SQLException refused = assertThrows(
                SQLException.class,
                () -> connect("mesh", "wrong-password-0123456789").close());
        assertEquals("28P01", refused.getSQLState(), refused.getMessage()); // invalid_password
    }
}
