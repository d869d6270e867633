package io.asm.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the local suite lives on disk and on which ports it listens. Everything has a default and an environment
 * variable, so tests can run a second suite beside a developer's.
 */
public record SuiteLayout(
        Path repo,
        Path home,
        String bind,
        int gatewayPort,
        int meshPort,
        int clusterPort,
        int observabilityPort,
        int vmPort,
        int simulatorPort,
        int dbPort) {

    /** The five services in start order: the owners first, the front door last. */
    public List<Service> services() {
        return List.of(
                new Service("mesh-service", meshPort, "ASM_MESH_PORT", "mesh", true),
                new Service("cluster-service", clusterPort, "ASM_CLUSTER_PORT", "cluster", true),
                new Service(
                        "observability-service", observabilityPort, "ASM_OBSERVABILITY_PORT", "observability", false),
                new Service("vm-service", vmPort, "ASM_VM_PORT", "vm", false),
                new Service("gateway", gatewayPort, "ASM_GATEWAY_PORT", "gateway", true));
    }

    /**
     * A service process; {@code schema} is its database schema and the name of the database role that owns it;
     * {@code sealsSecrets}: it keeps secrets at rest (AccessKey secrets, kubeconfigs, CA keys), so gets the key.
     */
    public record Service(String name, int port, String portVariable, String schema, boolean sealsSecrets) {
        public Path jar(Path repo) {
            return repo.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    public static SuiteLayout fromEnvironment(Path repo, Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("ASM_HOME", repo.resolve(".asm").toString()))
                .toAbsolutePath();
        return new SuiteLayout(
                repo,
                home,
                env.getOrDefault("ASM_BIND", "127.0.0.1"),
                port(env, "ASM_GATEWAY_PORT", 8080),
                port(env, "ASM_MESH_PORT", 8081),
                port(env, "ASM_CLUSTER_PORT", 8082),
                port(env, "ASM_OBSERVABILITY_PORT", 8083),
                port(env, "ASM_VM_PORT", 8084),
                port(env, "ASM_SIMULATOR_PORT", 8090),
                port(env, "ASM_DB_PORT", 15432));
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path pids() {
        return home.resolve("pids");
    }

    public Path database() {
        return home.resolve("postgres");
    }

    public Path secrets() {
        return home.resolve("secrets.properties");
    }

    public String url(int port) {
        return "http://" + bind + ":" + port;
    }

    public static Path findRepo(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("asm")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("Run from inside the repository (no ./asm found above " + start + ")");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        try {
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SuiteException(name + " must be a port number, got '" + v + "'");
        }
    }
}
