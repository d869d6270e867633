package io.asm.local;

import io.asm.devkit.LocalPostgres;
import io.asm.devkit.PostgresBinaries;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole suite on one machine: PostgreSQL (or {@code ASM_DB_URL}), the cluster simulator and the five services,
 * each a separate process whose pid and log live under {@link SuiteLayout#home()}. State survives down/up.
 */
public final class Suite {

    /** How long up waits for a running process that does not answer, before it kills it and starts it again. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private static final String SIMULATOR = "cluster-simulator";

    /** Generous quotas per account for the local suite; QuotaConfig's defaults are a deployment's. */
    private static final Map<String, String> LOCAL_QUOTAS = Map.of(
            "ASM_QUOTA_MESHES_PER_ACCOUNT", "1000",
            "ASM_QUOTA_CLUSTERS_PER_ACCOUNT", "1000",
            "ASM_QUOTA_VM_APPS_PER_ACCOUNT", "10000");

    private final SuiteLayout layout;
    private final Map<String, String> env;
    private final PrintStream out;
    private final HealthProbe probe = new HealthProbe();
    private final Processes processes;

    public Suite(SuiteLayout layout, Map<String, String> env, PrintStream out) {
        this.layout = layout;
        this.env = env;
        this.out = out;
        this.processes = new Processes(layout, out, probe);
    }

    /**
     * What a user needs after {@code up}: where to point the SDK, with which key, and the ClusterIds of the simulated
     * clusters registered for that key ({@code ASM_SIMULATED_CLUSTERS}).
     */
    public record Endpoint(String url, String accessKeyId, String accessKeySecret, List<String> clusterIds) {}

    public Endpoint up() throws Exception {
        return up(List.of());
    }

    /**
     * A second instance of one of the services, as a deployment runs replicas: the same database, role, secrets and
     * internal token, its own port and name; {@code settings} override its environment (e.g. {@code ASM_MESH_URL} for
     * a gateway replica that routes to a mesh-service replica). {@link #down} stops it first.
     */
    public record Replica(String service, String name, int port, Map<String, String> settings) {}

    /**
     * The suite, and beside it {@code replicas}, started together with the services as a deployment would. On a suite
     * that runs already, a process that answers its health check is kept, one that has exited is started again, and
     * one that is alive but does not answer ({@code ./asm status}: unhealthy) is killed and started again —
     * PostgreSQL and the simulator (which restores its clusters from its state file) too.
     */
    public Endpoint up(List<Replica> replicas) throws Exception {
        int clusterCount = SimulatedClusters.count(env);
        for (SuiteLayout.Service s : layout.services()) {
            if (!Files.exists(s.jar(layout.repo()))) {
                throw new SuiteException(
                        s.name() + " is not built (" + s.jar(layout.repo()) + "); run ./mvnw install -DskipTests");
            }
        }
        Files.createDirectories(layout.logs());
        Files.createDirectories(layout.pids());
        Properties secrets = secrets();
        long start = System.nanoTime();
        String dbUrl = dbUrl();
        Processes.Member simulator = simulatorMember();
        List<Processes.Member> services = new ArrayList<>();
        for (SuiteLayout.Service s : layout.services()) {
            services.add(serviceMember(s, s.name(), s.port(), Map.of(), dbUrl, secrets));
        }
        List<Processes.Member> replicaMembers = new ArrayList<>();
        for (Replica r : replicas) {
            SuiteLayout.Service s = layout.services().stream()
                    .filter(service -> service.name().equals(r.service()))
                    .findFirst()
                    .orElseThrow(() -> new SuiteException("No service '" + r.service() + "' to replicate"));
            replicaMembers.add(serviceMember(s, r.name(), r.port(), r.settings(), dbUrl, secrets));
        }
        List<Processes.Member> all = new ArrayList<>(List.of(simulator));
        all.addAll(services);
        all.addAll(replicaMembers);

        // Before anything starts: the ports that no process of ours holds must be free.
        Map<String, Integer> ports = new LinkedHashMap<>();
        all.stream().filter(m -> processes.process(m.name()).isEmpty()).forEach(m -> ports.put(m.what(), m.port()));
        if (ownDatabase() && processes.postmaster().isEmpty()) {
            ports.put("postgres (ASM_DB_PORT)", layout.dbPort());
        }
        processes.checkPortsFree(ports);

        boolean started = ownDatabase() && ensurePostgres(secrets);
        // The services' readiness checks the database: after a restart of it they are given the grace to reconnect.
        long graceEnd = System.nanoTime() + GRACE.toNanos();
        List<Processes.Member> toStart = new ArrayList<>();
        for (Processes.Member m : all) {
            if (!processes.keep(m, graceEnd)) {
                toStart.add(m);
            }
        }
        // The ports of those just killed: free now, unless someone else holds them.
        Map<String, Integer> freed = new LinkedHashMap<>();
        toStart.forEach(m -> freed.put(m.what(), m.port()));
        processes.checkPortsFree(freed);
        started |= !toStart.isEmpty();

        if (toStart.contains(simulator)) {
            step(SIMULATOR, () -> {
                processes.spawn(simulator);
                processes.awaitReady(simulator);
                return layout.url(layout.simulatorPort());
            });
        }
        // The five services start side by side (their start is mostly waiting on I/O and JIT), then are awaited in
        // order; replicas start once those are ready, with the schemas migrated (all at once, the machine's cores
        // and a 5 s connection wait were too little for a dozen JVMs and their migrations).
        long servicesStart = System.nanoTime();
        for (List<Processes.Member> group : List.of(services, replicaMembers)) {
            List<Processes.Member> starting =
                    group.stream().filter(toStart::contains).toList();
            for (Processes.Member m : starting) {
                processes.spawn(m);
            }
            processes.awaitAll(starting, servicesStart);
        }
        SimulatedClusters.Gateway gateway = new SimulatedClusters.Gateway(
                layout.url(layout.gatewayPort()),
                secrets.getProperty("accessKeyId"),
                secrets.getProperty("accessKeySecret"));
        List<SimulatedClusters.Offered> clusters = new ArrayList<>();
        if (clusterCount > 0) {
            // Idempotent: a simulator restored from its state and cluster-service's registrations are found as they
            // are.
            Step offer = () -> {
                clusters.addAll(new SimulatedClusters(probe.http, layout.url(layout.simulatorPort()), gateway)
                        .ensure(clusterCount));
                return clusters.size() + " registered";
            };
            if (started) {
                step("simulated clusters", offer);
            } else {
                offer.run();
            }
        }
        if (started) {
            out.printf("%nASM is up in %.1f s.%n", (System.nanoTime() - start) / 1e9);
        } else {
            out.printf("%nASM is already up: every process answers its health check; nothing was started.%n");
        }
        Endpoint endpoint = new Endpoint(
                gateway.url(),
                gateway.accessKeyId(),
                gateway.accessKeySecret(),
                clusters.stream().map(SimulatedClusters.Offered::clusterId).toList());
        printSummary(endpoint, clusters, clusterCount);
        return endpoint;
    }

    private Processes.Member simulatorMember() throws IOException {
        return new Processes.Member(
                SIMULATOR,
                "cluster simulator (ASM_SIMULATOR_PORT)",
                layout.simulatorPort(),
                layout.url(layout.simulatorPort()) + "/health",
                simulatorCommand(),
                Map.of(
                        "ASM_SIMULATOR_PORT",
                        String.valueOf(layout.simulatorPort()),
                        "ASM_SIMULATOR_BIND",
                        layout.bind(),
                        "ASM_SIMULATOR_STATE",
                        layout.home().resolve("simulator-state.json").toString()));
    }

    /** Service {@code s} as process {@code name} (itself, or a replica with {@code settings} over its environment). */
    private Processes.Member serviceMember(
            SuiteLayout.Service s,
            String name,
            int port,
            Map<String, String> settings,
            String dbUrl,
            Properties secrets) {
        Map<String, String> e = serviceEnvironment(s, dbUrl, secrets);
        e.put(s.portVariable(), String.valueOf(port));
        e.putAll(settings);
        String what = name + (name.equals(s.name()) ? " (" + s.portVariable() + ")" : " (its port)");
        return new Processes.Member(name, what, port, layout.url(port) + "/q/health/ready", serviceCommand(s), e);
    }

    private void printSummary(Endpoint endpoint, List<SimulatedClusters.Offered> clusters, int clusterCount) {
        out.println("  Endpoint:        " + endpoint.url());
        out.println("  AccessKeyId:     " + endpoint.accessKeyId());
        out.println("  AccessKeySecret: " + endpoint.accessKeySecret());
        for (SimulatedClusters.Offered c : clusters) {
            out.printf(
                    "  ClusterId:       %-16s (%s; AddClusterIntoServiceMesh with this ClusterId)%n",
                    c.clusterId(), c.vpcId());
        }
        out.println("  More clusters:   curl -XPOST " + layout.url(layout.simulatorPort())
                + "/clusters -d '{\"name\":\"dp3\"}'   (its kubeconfig, for RegisterCluster; "
                + SimulatedClusters.SETTING + "=" + clusterCount + ")");
        out.println("  Dashboards:      " + layout.url(layout.observabilityPort())
                + "/dashboards   (Grafana JSON to import;" + " their links point at " + grafanaUrl()
                + ", ASM_GRAFANA_URL)");
        out.println("  Logs:            ./asm logs <service>    Stop: ./asm down");
    }

    public void down() throws Exception {
        List<String> names = new ArrayList<>();
        layout.services().forEach(s -> names.add(0, s.name())); // the front door first
        names.addAll(0, replicaNames()); // and before it, its replicas
        names.add(SIMULATOR);
        for (String name : names) {
            Optional<ProcessHandle> process = processes.process(name);
            if (process.isPresent()) {
                out.print("stopping " + name + " ... ");
                ProcessHandle p = process.get();
                p.destroy();
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    p.destroyForcibly();
                }
                out.println("stopped");
            }
            Files.deleteIfExists(layout.pids().resolve(name + ".pid"));
        }
        if (processes.postmaster().isPresent()) {
            out.print("stopping postgres ... ");
            LocalPostgres.stop(layout.database());
            out.println("stopped");
        }
    }

    public void status() {
        out.printf("%-22s %-8s %-8s %s%n", "PROCESS", "PID", "STATE", "URL");
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put(SIMULATOR, layout.url(layout.simulatorPort()) + "/health");
        layout.services().forEach(s -> urls.put(s.name(), layout.url(s.port()) + "/q/health/ready"));
        urls.forEach((name, url) -> {
            Optional<ProcessHandle> p = processes.process(name);
            String state = p.isEmpty()
                    ? "stopped"
                    : probe.ready(url)
                            ? "ready"
                            : processes.starting(p.get(), URI.create(url).getPort()) ? "starting" : "unhealthy";
            out.printf(
                    "%-22s %-8s %-8s %s%n",
                    name,
                    p.map(h -> String.valueOf(h.pid())).orElse("-"),
                    state,
                    url.replaceAll("/(q/)?health.*$", ""));
        });
        if (ownDatabase()) {
            Optional<ProcessHandle> pg = processes.postmaster();
            out.printf(
                    "%-22s %-8s %-8s %s%n",
                    "postgres",
                    pg.map(h -> String.valueOf(h.pid())).orElse("-"),
                    pg.isEmpty() ? "stopped" : HealthProbe.postgresAnswers(layout.dbPort()) ? "ready" : "unhealthy",
                    "127.0.0.1:" + layout.dbPort());
        }
    }

    public void logs(String name) throws IOException {
        Path log = layout.logs().resolve(name + ".log");
        if (!Files.exists(log)) {
            throw new SuiteException("No log for '" + name + "'. Known: " + SIMULATOR + ", "
                    + String.join(
                            ", ",
                            layout.services().stream()
                                    .map(SuiteLayout.Service::name)
                                    .toList()));
        }
        Files.lines(log).forEach(out::println);
    }

    /** Stops everything and wipes all state: database, logs, generated keys. */
    public void reset() throws Exception {
        down();
        if (Files.exists(layout.home())) {
            try (var paths = Files.walk(layout.home())) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        out.println("state wiped: " + layout.home());
    }

    private Map<String, String> serviceEnvironment(SuiteLayout.Service s, String dbUrl, Properties secrets) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("QUARKUS_PROFILE", "prod");
        e.put("QUARKUS_HTTP_HOST", layout.bind());
        e.put(s.portVariable(), String.valueOf(s.port()));
        e.put("ASM_DB_URL", dbUrl);
        e.putAll(databaseLogin(s, secrets));
        e.put("ASM_INTERNAL_TOKEN", secrets.getProperty("internalToken"));
        if (s.sealsSecrets()) {
            e.put("ASM_CRYPTO_KEY", secrets.getProperty("cryptoKey"));
        }
        e.put("ASM_LOG_JSON", "false");
        // Room to try the suite at scale (hundreds of meshes at once, see bench/scale.sh), unless the user sets them.
        LOCAL_QUOTAS.forEach((setting, value) -> e.put(setting, env.getOrDefault(setting, value)));
        // glibc's malloc otherwise keeps up to 8 arenas per core, each holding freed memory of the threads using it.
        e.put("MALLOC_ARENA_MAX", "2");
        e.put("ASM_MESH_SIMULATOR_URL", layout.url(layout.simulatorPort()));
        // Where the services are: the gateway routes to them, and they call and notify each other.
        e.put("ASM_MESH_URL", layout.url(layout.meshPort()));
        e.put("ASM_CLUSTER_URL", layout.url(layout.clusterPort()));
        e.put("ASM_OBSERVABILITY_URL", layout.url(layout.observabilityPort()));
        e.put("ASM_VM_URL", layout.url(layout.vmPort()));
        if (s.name().equals("gateway")) {
            e.put("ASM_BOOTSTRAP_ACCESS_KEY_ID", secrets.getProperty("accessKeyId"));
            e.put("ASM_BOOTSTRAP_ACCESS_KEY_SECRET", secrets.getProperty("accessKeySecret"));
        }
        if (s.name().equals("observability-service")) {
            // Where users open the dashboards (DescribeClusterGrafana's URLs); with an API token they are pushed there.
            e.put("ASM_GRAFANA_URL", grafanaUrl());
            for (String push : List.of("ASM_GRAFANA_API_URL", "ASM_GRAFANA_API_TOKEN")) {
                if (env.get(push) != null && !env.get(push).isBlank()) {
                    e.put(push, env.get(push));
                }
            }
        }
        if (s.name().equals("cluster-service")) {
            // The simulator's API servers listen on plain HTTP on this machine; a deployment allows neither.
            e.put("ASM_REGISTRATION_ALLOW_HTTP", "true");
            e.put("ASM_REGISTRATION_ALLOW_LOOPBACK", "true");
        }
        return e;
    }

    /** The suite's own PostgreSQL's database, else the operator's (ASM_DB_URL). */
    private String dbUrl() {
        String external = env.get("ASM_DB_URL");
        return external == null || external.isBlank()
                ? "jdbc:postgresql://127.0.0.1:" + layout.dbPort() + "/asm"
                : external;
    }

    /** Processes with a pid file that are neither the simulator nor one of the services: started replicas. */
    private List<String> replicaNames() throws IOException {
        if (!Files.isDirectory(layout.pids())) {
            return List.of();
        }
        List<String> known = new ArrayList<>(List.of(SIMULATOR));
        layout.services().forEach(s -> known.add(s.name()));
        try (var files = Files.list(layout.pids())) {
            return files.map(f -> f.getFileName().toString().replaceFirst("\\.pid$", ""))
                    .filter(name -> !known.contains(name))
                    .sorted()
                    .toList();
        }
    }

    /** The Grafana users open dashboards in: ASM_GRAFANA_URL, else one on this machine's default port. */
    private String grafanaUrl() {
        return env.getOrDefault("ASM_GRAFANA_URL", "http://127.0.0.1:3000");
    }

    /**
     * The suite's own PostgreSQL: the service's role and its generated password. An external one ({@code ASM_DB_URL}):
     * what the operator set for this service ({@code ASM_DB_USER_MESH}, {@code ASM_DB_PASSWORD_MESH}, ...), else the
     * shared {@code ASM_DB_USER}/{@code ASM_DB_PASSWORD}.
     */
    private Map<String, String> databaseLogin(SuiteLayout.Service s, Properties secrets) {
        String dbUrl = env.get("ASM_DB_URL");
        if (dbUrl == null || dbUrl.isBlank()) {
            return Map.of("ASM_DB_USER", s.schema(), "ASM_DB_PASSWORD", secrets.getProperty(dbPasswordKey(s)));
        }
        String suffix = "_" + s.schema().toUpperCase(Locale.ROOT);
        return Map.of(
                "ASM_DB_USER",
                env.getOrDefault("ASM_DB_USER" + suffix, env.getOrDefault("ASM_DB_USER", LocalPostgres.USER)),
                "ASM_DB_PASSWORD",
                env.getOrDefault("ASM_DB_PASSWORD" + suffix, env.getOrDefault("ASM_DB_PASSWORD", "")));
    }

    private static String dbPasswordKey(SuiteLayout.Service s) {
        return "db." + s.schema() + ".password";
    }

    /** Generated once per suite home, so restarts keep the same keys; the bootstrap key can come from the environment. */
    private Properties secrets() throws IOException {
        Properties p = new Properties();
        if (Files.exists(layout.secrets())) {
            try (var in = Files.newInputStream(layout.secrets())) {
                p.load(in);
            }
        }
        SecureRandom random = new SecureRandom();
        p.putIfAbsent("internalToken", HexFormat.of().formatHex(bytes(random, 24)));
        p.putIfAbsent("cryptoKey", Base64.getEncoder().encodeToString(bytes(random, 32)));
        for (SuiteLayout.Service s : layout.services()) {
            p.putIfAbsent(dbPasswordKey(s), HexFormat.of().formatHex(bytes(random, 24)));
        }
        String id = env.get("ASM_BOOTSTRAP_ACCESS_KEY_ID");
        String secret = env.get("ASM_BOOTSTRAP_ACCESS_KEY_SECRET");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            p.setProperty("accessKeyId", id);
            p.setProperty("accessKeySecret", secret);
        } else {
            p.putIfAbsent("accessKeyId", "LTAI" + HexFormat.of().formatHex(bytes(random, 10)));
            p.putIfAbsent(
                    "accessKeySecret", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random, 22)));
        }
        Files.createDirectories(layout.home());
        try (var o = Files.newOutputStream(layout.secrets())) {
            p.store(o, "Generated by ./asm up; delete with ./asm reset");
        }
        layout.secrets().toFile().setReadable(false, false);
        layout.secrets().toFile().setReadable(true, true);
        return p;
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private interface Step {
        String run() throws Exception;
    }

    private void step(String name, Step step) throws Exception {
        out.printf("starting %-22s ", name + " ...");
        out.flush();
        long t = System.nanoTime();
        String detail = step.run();
        out.printf("ready in %5.1f s  %s%n", (System.nanoTime() - t) / 1e9, detail);
    }

    /**
     * The suite's own PostgreSQL, kept if it answers within the grace, else (killed if alive, then) started, with its
     * database and each service's role. Whether it was started.
     */
    private boolean ensurePostgres(Properties secrets) throws Exception {
        Optional<ProcessHandle> postmaster = processes.postmaster();
        long graceEnd = System.nanoTime() + GRACE.toNanos();
        while (postmaster.isPresent() && !HealthProbe.postgresAnswers(layout.dbPort())) {
            if (!postmaster.get().isAlive()) {
                postmaster = Optional.empty();
            } else if (System.nanoTime() > graceEnd) {
                processes.kill("postgres", postmaster.get(), "no answer at port " + layout.dbPort());
                processes.checkPortsFree(Map.of("postgres (ASM_DB_PORT)", layout.dbPort()));
                postmaster = Optional.empty();
            } else {
                Thread.sleep(200);
            }
        }
        if (postmaster.isPresent()) {
            out.printf(
                    "keeping  %-22s ready    pid %d%n",
                    "postgres ...", postmaster.get().pid());
            return false;
        }
        step("postgres", () -> {
            // The machine's binaries, else the bundled ones unpacked once under the suite home.
            LocalPostgres pg =
                    LocalPostgres.start(layout.database(), layout.dbPort(), PostgresBinaries.find(layout.home(), env));
            pg.createDatabase("asm");
            // Each service logs in as its own role, owner of its schema only (ARCHITECTURE.md, security).
            for (SuiteLayout.Service s : layout.services()) {
                pg.ensureServiceRole("asm", s.schema(), secrets.getProperty(dbPasswordKey(s)));
            }
            return "port " + pg.port();
        });
        return true;
    }

    /**
     * A service's JVM: the serial collector and a heap that holds a 200-mesh burst (a 128 MiB heap with a 16 MiB young
     * generation was tried and dropped: docs/benchmarks.md, "Memory: RSS per service"); the C2 compiler's freed
     * arenas given back to the system every 5 s (with MALLOC_ARENA_MAX in the environment). The images and
     * deploy/kubernetes use the same native-memory options.
     */
    static final String SERVICE_JAVA_OPTS =
            "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=5000";

    /** How a service (or a replica of it) is started: one command line for both. */
    private List<String> serviceCommand(SuiteLayout.Service s) {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(javaOptions("ASM_JAVA_OPTS", SERVICE_JAVA_OPTS));
        command.addAll(List.of("-jar", s.jar(layout.repo()).toString()));
        return command;
    }

    /**
     * The simulator's heap holds its API servers (about 1 MiB each with their objects, see ClusterSimulator): 384 MiB
     * leaves room for some 330, more than 200 meshes with 20 data-plane clusters. C1 only: on a fresh suite C2
     * compiling took about 40 % of the simulator's CPU in a 200-mesh burst on two cores, and with C1 only its CPU
     * for the burst fell from 39 to 18 s (docs/benchmarks.md); a stand-in API server needs no peak speed.
     * ASM_SIMULATOR_JAVA_OPTS overrides.
     */
    private List<String> simulatorCommand() throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(javaOptions("ASM_SIMULATOR_JAVA_OPTS", "-XX:+UseSerialGC -Xmx384m -XX:TieredStopAtLevel=1"));
        command.addAll(List.of("-cp", launcherClasspath(), "io.asm.devkit.sim.SimulatorMain"));
        return command;
    }

    private List<String> javaOptions(String variable, String defaults) {
        return List.of(env.getOrDefault(variable, defaults).trim().split("\\s+"));
    }

    private boolean ownDatabase() {
        return env.get("ASM_DB_URL") == null || env.get("ASM_DB_URL").isBlank();
    }

    /** The classpath ./asm runs with (written by the build), which holds the simulator too. */
    private String launcherClasspath() throws IOException {
        Path target = layout.repo().resolve("deploy/local/target");
        return target.resolve("classes")
                + File.pathSeparator
                + Files.readString(target.resolve("classpath.txt")).trim();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
