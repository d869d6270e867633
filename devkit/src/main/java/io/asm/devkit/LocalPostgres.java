package io.asm.devkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.Driver;

/**
 * A real PostgreSQL server for development and tests, run with {@code initdb}/{@code pg_ctl} from the machine's
 * binaries or the bundled ones (see {@link PostgresBinaries}) and administered over JDBC, since the bundled binaries
 * have no {@code psql}. PostgreSQL refuses to run as root, so as root the server runs as user {@code postgres}. It
 * listens on 127.0.0.1 only; the superuser {@code postgres} is trusted there (the suite and the tests administer with
 * it), every other role must give its password (see {@link #ensureServiceRole}).
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";

    /** A file in the data directory naming the binaries that last started it. */
    private static final String BINARIES_RECORD = "asm-binaries";

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final boolean asRoot;

    private LocalPostgres(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Starts a server on {@code dataDir} (initialised if empty) at {@code port} (0 = a free port), with the binaries
     * {@link PostgresBinaries#find} chooses (bundled ones unpacked under {@link PostgresBinaries#userCache}).
     */
    public static LocalPostgres start(Path dataDir, int port) throws IOException, InterruptedException {
        return start(dataDir, port, PostgresBinaries.find(PostgresBinaries.userCache()));
    }

    /** Starts a server on {@code dataDir} at {@code port} (0 = a free port) with the binaries in {@code binDir}. */
    public static LocalPostgres start(Path dataDir, int port, Path binDir) throws IOException, InterruptedException {
        LocalPostgres pg =
                new LocalPostgres(binDir.toAbsolutePath(), dataDir.toAbsolutePath(), port == 0 ? freePort() : port);
        pg.initIfNeeded();
        pg.startServer();
        return pg;
    }

    public Path binDir() {
        return binDir;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = connectAsSuperuser("postgres");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery();
                    Statement create = c.createStatement()) {
                if (!rs.next()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        }
    }

    /**
     * Makes {@code role} a login role with {@code password} that owns schema {@code role} in {@code database} and
     * nothing else: no superuser, no other schema (a schema is private to its owner unless granted). Idempotent; a
     * schema made before roles existed (tables owned by {@code postgres}) is handed over with its tables.
     */
    public void ensureServiceRole(String database, String role, String password) throws SQLException {
        if (!role.matches("[a-z_][a-z0-9_]*") || !password.matches("[A-Za-z0-9_-]{16,}")) {
            throw new IllegalArgumentException("role " + role + " or its password is not of the expected shape");
        }
        String sql = """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN CREATE ROLE %1$s; END IF;
                END $$;
                ALTER ROLE %1$s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '%2$s';
                CREATE SCHEMA IF NOT EXISTS %1$s AUTHORIZATION %1$s;
                ALTER SCHEMA %1$s OWNER TO %1$s;
                DO $$ DECLARE t record; BEGIN
                  FOR t IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = '%1$s' AND c.relowner <> '%1$s'::regrole
                              AND (c.relkind IN ('r', 'p', 'v', 'm') OR c.relkind = 'S' AND NOT EXISTS (
                                   SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))) LOOP
                    EXECUTE format('ALTER %%s %%I.%%I OWNER TO %%I', CASE t.relkind WHEN 'S' THEN 'SEQUENCE'
                      WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, '%1$s', t.relname, '%1$s');
                  END LOOP;
                END $$;
                """.formatted(role, password);
        try (Connection c = connectAsSuperuser(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Stops a server started earlier (maybe by another process) on {@code dataDir}, with the binaries that started it. */
    public static void stop(Path dataDir) throws IOException, InterruptedException {
        Path recorded = dataDir.resolve(BINARIES_RECORD);
        Optional<Path> binDir = Files.exists(recorded)
                ? Optional.of(Path.of(Files.readString(recorded).trim()))
                : PostgresBinaries.machine(System.getenv());
        new LocalPostgres(
                        binDir.orElseThrow(
                                () -> new IOException("No PostgreSQL binaries to stop " + dataDir + " with")),
                        dataDir.toAbsolutePath(),
                        0)
                .close();
    }

    @Override
    public void close() {
        try {
            run(
                    List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"),
                    true);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not stop PostgreSQL at " + dataDir, e);
        }
    }

    /**
     * Stops a throwaway server and deletes {@code tree}, its data directory or a folder holding it: a test JVM's
     * server is some 50 MB, and every run of the suite's tests starts a dozen.
     */
    public void discard(Path tree) {
        close();
        try {
            BundledPostgres.delete(tree);
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete " + tree, e);
        }
    }

    private void initIfNeeded() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        if (asRoot) {
            // The server user needs to reach and own its directory.
            run(List.of("chown", "-R", USER + ":" + USER, dataDir.toString()), false);
            reachableByAll(dataDir.getParent());
            reachableByAll(binDir);
        }
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            checkSameMajorVersion();
        } else {
            run(
                    List.of(
                            binDir.resolve("initdb").toString(),
                            "-D",
                            dataDir.toString(),
                            "-U",
                            USER,
                            "--auth=trust",
                            "-E",
                            "UTF8",
                            "--locale=C",
                            "--no-sync"),
                    true);
        }
        // So that a later stop (./asm down, maybe without these binaries being found again) uses the same pg_ctl.
        Files.writeString(dataDir.resolve(BINARIES_RECORD), binDir.toString());
    }

    /** A data directory only runs under its own major version; say so rather than let the server fail obscurely. */
    private void checkSameMajorVersion() throws IOException, InterruptedException {
        String data = Files.readString(dataDir.resolve("PG_VERSION")).trim();
        String server = run(List.of(binDir.resolve("postgres").toString(), "--version"), false)
                .trim();
        if (!server.replaceFirst(".*\\(PostgreSQL\\) (\\d+).*", "$1").equals(data)) {
            throw new IOException(dataDir + " holds a PostgreSQL " + data + " database but the binaries in " + binDir
                    + " are '" + server + "': use PostgreSQL " + data + " (ASM_PG_BIN) or wipe the data (./asm reset)");
        }
    }

    private static void reachableByAll(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
    }

    /** Passwords for every role but the administering superuser; rewritten at each start so older homes get it too. */
    private void writeAuthentication() throws IOException {
        Files.writeString(dataDir.resolve("pg_hba.conf"), """
                # Written by LocalPostgres: the superuser is trusted locally, service roles give their password.
                local all %1$s trust
                host  all %1$s 127.0.0.1/32 trust
                local all all scram-sha-256
                host  all all 127.0.0.1/32 scram-sha-256
                """.formatted(USER));
    }

    private void startServer() throws IOException, InterruptedException {
        writeAuthentication();
        String options = "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories='" + dataDir
                + "' -c fsync=off -c max_connections=300 -c shared_buffers=64MB";
        run(
                List.of(
                        binDir.resolve("pg_ctl").toString(),
                        "-D",
                        dataDir.toString(),
                        "-l",
                        dataDir.resolve("server.log").toString(),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "60",
                        "start"),
                true);
    }

    /** The trusted superuser over TCP; the driver directly, not DriverManager, which may not see it from every class loader. */
    private Connection connectAsSuperuser(String database) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", USER);
        login.setProperty("password", "");
        return new Driver().connect(jdbcUrl(database), login);
    }

    private String run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asRoot) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        ProcessBuilder builder =
                new ProcessBuilder(full).redirectErrorStream(true).directory(dataDir.toFile());
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("Command failed: " + String.join(" ", full) + "\n" + new String(out));
        }
        return new String(out);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
