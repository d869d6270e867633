package io.asm.devkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Which PostgreSQL server binaries {@link LocalPostgres} runs: the machine's ({@code ASM_PG_BIN}, else
 * {@code /usr/lib/postgresql/<17..15>/bin}, else {@code pg_config --bindir}), else the {@link BundledPostgres bundled}
 * ones. {@code ASM_PG_BUNDLED=true} (or system property {@code asm.pg.bundled=true}) uses the bundled ones even where
 * the machine has its own.
 */
public final class PostgresBinaries {

    public static final String BUNDLED_VARIABLE = "ASM_PG_BUNDLED";
    public static final String BUNDLED_PROPERTY = "asm.pg.bundled";

    private PostgresBinaries() {}

    /** The {@code bin} directory to run; bundled binaries are unpacked under {@code bundleRoot} if they are chosen. */
    public static Path find(Path bundleRoot) throws IOException, InterruptedException {
        return find(bundleRoot, System.getenv());
    }

    /** As {@link #find(Path)}, with the settings of {@code env} (the launcher's environment). */
    public static Path find(Path bundleRoot, Map<String, String> env) throws IOException, InterruptedException {
        if (bundledForced(env, System.getProperties())) {
            return BundledPostgres.install(bundleRoot);
        }
        Optional<Path> machine = machine(env);
        return machine.isPresent() ? machine.get() : BundledPostgres.install(bundleRoot);
    }

    static boolean bundledForced(Map<String, String> env, Properties properties) {
        return Boolean.parseBoolean(env.getOrDefault(BUNDLED_VARIABLE, "").trim())
                || Boolean.parseBoolean(
                        properties.getProperty(BUNDLED_PROPERTY, "").trim());
    }

    /** The machine's server binaries, if it has any. */
    static Optional<Path> machine(Map<String, String> env) throws InterruptedException {
        String configured = env.get("ASM_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String v : List.of("17", "16", "15")) {
            Path candidate = Path.of("/usr/lib/postgresql", v, "bin");
            if (Files.isExecutable(candidate.resolve("initdb"))) {
                return Optional.of(candidate);
            }
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return Optional.of(Path.of(out));
            }
        } catch (IOException ignored) {
            // no pg_config on PATH: no machine binaries
        }
        return Optional.empty();
    }

    /**
     * Where tests (and other users without a suite home) keep unpacked binaries: {@code $XDG_CACHE_HOME/asm} or
     * {@code ~/.cache/asm}; as root {@code /var/cache/asm}, which the {@code postgres} user can reach (a root home
     * usually is closed to it).
     */
    public static Path userCache() {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/cache/asm");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("asm");
    }
}
