package io.asm.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated bootstrap key goes to a file only its owner can read; with no place for it, the gateway refuses. */
class BootstrapKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsWrittenForTheOwnerOnly() throws Exception {
        Path file = dir.resolve("keys/admin.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "stale");
        BootstrapKeyFile.write(file, "LTAIabc", "s3cret");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        assertEquals("LTAIabc", p.getProperty("accessKeyId"));
        assertEquals("s3cret", p.getProperty("accessKeySecret"));
    }

    @Test
    void withoutAFileThereIsNothingToGenerateInto() {
        assertEquals(
                dir.resolve("k"),
                BootstrapKeyFile.require(Optional.of(dir.resolve("k").toString())));
        var refused = assertThrows(IllegalStateException.class, () -> BootstrapKeyFile.require(Optional.of(" ")));
        assertEquals(BootstrapKeyFile.NOT_CONFIGURED, refused.getMessage());
        assertThrows(IllegalStateException.class, () -> BootstrapKeyFile.require(Optional.empty()));
    }
}
