package io.asm.devkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for development and tests, run from the machine's PostgreSQL binaries
 * ({@code initdb}/{@code pg_ctl}; {@code ASM_PG_BIN} or {@code pg_config --bindir} or
 * {@code /usr/lib/postgresql/<15..17>/bin}). PostgreSQL refuses to run as root, so as root the server runs as user
 * {@code postgres}. It listens on 127.0.0.1 only; the superuser {@code postgres} is trusted there (the suite and the
 * tests administer with it), every other role must give its password (see {@link #ensureServiceRole}).
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";

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

    /** Starts a server on {@code dataDir} (initialised if empty) at {@code port} (0 = a free port). */
    public static LocalPostgres start(Path dataDir, int port) throws IOException, InterruptedException {
        LocalPostgres pg = new LocalPostgres(findBinDir(), dataDir.toAbsolutePath(), port == 0 ? freePort() : port);
        pg.initIfNeeded();
        pg.startServer();
        return pg;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String name) throws IOException, InterruptedException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name);
        }
        String exists = run(List.of(binDir.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-U", USER, "-tAc", "SELECT 1 FROM pg_database WHERE datname = '" + name + "'", "postgres"), true);
        if (!exists.trim().equals("1")) {
            run(List.of(binDir.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
                    USER, name), true);
        }
    }

    /**
     * Makes {@code role} a login role with {@code password} that owns schema {@code role} in {@code database} and
     * nothing else: no superuser, no other schema (a schema is private to its owner unless granted). Idempotent; a
     * schema made before roles existed (tables owned by {@code postgres}) is handed over with its tables.
     */
    public void ensureServiceRole(String database, String role, String password) throws IOException, InterruptedException {
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
        runSql(database, sql);
    }

    /** Stops a server started earlier (maybe by another process) on {@code dataDir}. */
    public static void stop(Path dataDir) throws IOException, InterruptedException {
        new LocalPostgres(findBinDir(), dataDir.toAbsolutePath(), 0).close();
    }

    @Override
    public void close() {
        try {
            run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), true);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not stop PostgreSQL at " + dataDir, e);
        }
    }

    private void initIfNeeded() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        if (asRoot) {
            // The server user needs to reach and own its directory.
            run(List.of("chown", "-R", USER + ":" + USER, dataDir.toString()), false);
            for (Path p = dataDir.getParent(); p != null; p = p.getParent()) {
                p.toFile().setExecutable(true, false);
            }
        }
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            return;
        }
        run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), true);
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
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                dataDir.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start"), true);
    }

    /** Runs SQL as the superuser through psql's standard input (so no password shows in a process list). */
    private void runSql(String database, String sql) throws IOException, InterruptedException {
        run(List.of(binDir.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER,
                "-v", "ON_ERROR_STOP=1", "-q", "-f", "-", database), true, sql);
    }

    private String run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        return run(command, asServerUser, null);
    }

    private String run(List<String> command, boolean asServerUser, String input) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asServerUser && asRoot) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).directory(dataDir.toFile());
        Process p = builder.start();
        if (input != null) {
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("Command failed: " + String.join(" ", full) + "\n" + new String(out));
        }
        return new String(out);
    }

    static Path findBinDir() throws IOException, InterruptedException {
        String env = System.getenv("ASM_PG_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        for (String v : List.of("17", "16", "15")) {
            Path candidate = Path.of("/usr/lib/postgresql", v, "bin");
            if (Files.isExecutable(candidate.resolve("initdb"))) {
                return candidate;
            }
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return Path.of(out);
            }
        } catch (IOException ignored) {
            // no pg_config on PATH: fall through to the message below
        }
        throw new IOException("No PostgreSQL server binaries found: install PostgreSQL 15 (apt-get install postgresql-15)"
                + " or set ASM_PG_BIN to the directory holding initdb and pg_ctl");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
