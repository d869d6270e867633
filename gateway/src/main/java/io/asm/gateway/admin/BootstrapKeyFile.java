package io.asm.gateway.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where a generated bootstrap AccessKey goes instead of the log (logs are shipped, kept and shown to whoever runs
 * {@code ./asm logs}): a properties file only the gateway's user can read.
 */
final class BootstrapKeyFile {

    static final String NOT_CONFIGURED = "No administrator AccessKey exists and none is configured: set"
            + " ASM_BOOTSTRAP_ACCESS_KEY_ID and ASM_BOOTSTRAP_ACCESS_KEY_SECRET, or ASM_BOOTSTRAP_SECRET_FILE to a path"
            + " where a generated one is written (mode 0600); the secret is never logged.";

    private BootstrapKeyFile() {}

    /** The configured path, or the refusal to start that says what to configure. */
    static Path require(Optional<String> configured) {
        return configured
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException(NOT_CONFIGURED));
    }

    /** Writes the key, replacing an older file; the file is created 0600, so the secret is never readable by others. */
    static void write(Path file, String accessKeyId, String accessKeySecret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path fresh = Files.createTempFile(
                dir,
                ".bootstrap-key",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                fresh,
                "# The gateway's generated administrator AccessKey\naccessKeyId=" + accessKeyId + "\naccessKeySecret="
                        + accessKeySecret + "\n");
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
