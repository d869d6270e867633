package io.asm.mesh.domain;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import java.util.List;
import java.util.Optional;

/**
 * The ASM versions this control plane can install ({@code v<major>.<minor>.<patch>.<asm>-g<8 hex>-aliyun},
 * DOMAIN.md §3.3), each with its Istio version; in upgrade order.
 */
public final class MeshVersions {

    public record Version(String asm, String istio, String kubernetes) {
        int minor() {
            return Integer.parseInt(istio.split("\\.")[1]);
        }
    }

    static final List<Version> CATALOGUE = List.of(
            new Version("v1.20.6.36-g2b9c3a1e-aliyun", "1.20.6", "1.28"),
            new Version("v1.21.6.95-g5f1a8d20-aliyun", "1.21.6", "1.29"),
            new Version("v1.22.6.71-g3b7b5b62-aliyun", "1.22.6", "1.30"));

    private MeshVersions() {}

    public static Version latest() {
        return CATALOGUE.get(CATALOGUE.size() - 1);
    }

    public static Version require(String asmVersion) {
        return find(asmVersion)
                .orElseThrow(() -> new AsmException(
                        AsmError.INVALID_PARAMETER,
                        "IstioVersion",
                        "Supported versions: "
                                + CATALOGUE.stream().map(Version::asm).toList() + "."));
    }

    public static Optional<Version> find(String asmVersion) {
        return CATALOGUE.stream().filter(v -> v.asm().equals(asmVersion)).findFirst();
    }

    /** The next adjacent minor version, if any (ASM in-place upgrades never skip a minor, DOMAIN.md §8.2). */
    public static Optional<Version> upgradeFrom(String asmVersion) {
        Version current = require(asmVersion);
        return CATALOGUE.stream().filter(v -> v.minor() == current.minor() + 1).findFirst();
    }
}
