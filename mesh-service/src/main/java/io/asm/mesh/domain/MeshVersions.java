package io.asm.mesh.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.mesh.config.MeshServiceConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ASM versions this control plane can install ({@code v<major>.<minor>.<patch>.<asm>-g<8 hex>-aliyun},
 * DOMAIN.md §3.3), read from the catalogue file: {@code mesh-versions.json} on the classpath, or the file
 * {@code asm.mesh.versions-file} names. Data, not code: an operator offers new releases by replacing the file.
 */
// The catalogue is read with Jackson outside REST endpoints: visible to native builds.
@RegisterForReflection(
        targets = {
            MeshVersions.Catalogue.class,
            MeshVersions.Version.class,
            MeshVersions.KubernetesRange.class,
            MeshVersions.Images.class
        })
@ApplicationScoped
public class MeshVersions {

    /** One release: its ASM version string, the upstream Istio version, supported Kubernetes and its images. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(
            @JsonProperty("asm") String asm,
            @JsonProperty("istio") String istio,
            @JsonProperty("kubernetes") KubernetesRange kubernetes,
            @JsonProperty("images") Images images) {

        int minor() {
            return part(1);
        }

        int part(int i) {
            return Integer.parseInt(istio.split("\\.")[i]);
        }
    }

    public record KubernetesRange(
            @JsonProperty("min") String min,
            @JsonProperty("max") String max) {}

    public record Images(
            @JsonProperty("pilot") String pilot,
            @JsonProperty("proxy") String proxy) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Catalogue(
            @JsonProperty("editions") List<String> editions,
            @JsonProperty("versions") List<Version> versions) {}

    @Inject
    MeshServiceConfig config;

    @Inject
    ObjectMapper json;

    private Catalogue catalogue;

    /** Read once at start: a catalogue that does not parse, or names no version, stops the service there. */
    @PostConstruct
    void load() {
        Optional<String> file = config.versionsFile().filter(f -> !f.isBlank());
        try (InputStream in = file.isPresent()
                ? Files.newInputStream(Path.of(file.get()))
                : MeshVersions.class.getResourceAsStream("/mesh-versions.json")) {
            catalogue = parse(json, in);
        } catch (IOException e) {
            throw new IllegalStateException("Version catalogue " + file.orElse("mesh-versions.json") + ": " + e, e);
        }
    }

    static Catalogue parse(ObjectMapper json, InputStream in) throws IOException {
        Catalogue c = json.readValue(in, Catalogue.class);
        if (c.versions() == null || c.versions().isEmpty()) {
            throw new IOException("it names no version");
        }
        for (Version v : c.versions()) {
            if (v.asm() == null || v.istio() == null || !v.istio().matches("\\d+\\.\\d+\\.\\d+")) {
                throw new IOException("each version needs asm and istio (x.y.z): " + v);
            }
        }
        List<Version> ordered = c.versions().stream()
                .sorted(Comparator.comparingInt((Version v) -> v.part(0))
                        .thenComparingInt(v -> v.part(1))
                        .thenComparingInt(v -> v.part(2)))
                .toList();
        return new Catalogue(
                c.editions() == null || c.editions().isEmpty() ? List.of("Default") : c.editions(), ordered);
    }

    public List<Version> all() {
        return catalogue.versions();
    }

    /** The editions (DescribeVersions' {@code Edition}); every version is offered in each. */
    public List<String> editions() {
        return catalogue.editions();
    }

    public Version latest() {
        return all().get(all().size() - 1);
    }

    public Version require(String asmVersion) {
        return find(asmVersion)
                .orElseThrow(() -> new AsmException(
                        AsmError.INVALID_PARAMETER,
                        "IstioVersion",
                        "Supported versions: "
                                + all().stream().map(Version::asm).toList() + "."));
    }

    public Optional<Version> find(String asmVersion) {
        return all().stream().filter(v -> v.asm().equals(asmVersion)).findFirst();
    }

    /**
     * What a mesh on {@code asmVersion} runs: its catalogue entry or, for a version the catalogue no longer lists
     * (an operator replaced the file under running meshes), the upstream Istio release its string names.
     */
    public Version installed(String asmVersion) {
        return find(asmVersion).orElseGet(() -> {
            String istio = asmVersion.replaceFirst("^v(\\d+\\.\\d+\\.\\d+).*$", "$1");
            return new Version(
                    asmVersion,
                    istio,
                    new KubernetesRange("", ""),
                    new Images("docker.io/istio/pilot:" + istio, "docker.io/istio/proxyv2:" + istio));
        });
    }

    /**
     * The next adjacent minor version, if any (ASM in-place upgrades never skip a minor, DOMAIN.md §8.2). A mesh on
     * a version the catalogue no longer lists can still move to the minor after its own.
     */
    public Optional<Version> upgradeFrom(String asmVersion) {
        int minor = find(asmVersion).map(Version::minor).orElseGet(() -> minorOf(asmVersion));
        return all().stream().filter(v -> v.minor() == minor + 1).reduce((a, b) -> b);
    }

    private static int minorOf(String asmVersion) {
        String[] parts = asmVersion.split("\\.");
        return parts.length > 1 && parts[1].matches("\\d{1,4}") ? Integer.parseInt(parts[1]) : Integer.MAX_VALUE - 1;
    }
}
