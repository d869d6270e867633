package io.asm.local;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The suite's processes on this machine: started in their own session with a pid file and a log under the suite home,
 * awaited until their health check answers, kept, killed, and found again by pid file — only when their command line
 * shows they are ours.
 */
final class Processes {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final SuiteLayout layout;
    private final PrintStream out;
    private final HealthProbe probe;

    Processes(SuiteLayout layout, PrintStream out, HealthProbe probe) {
        this.layout = layout;
        this.out = out;
        this.probe = probe;
    }

    /**
     * A process of the suite as up starts it: {@code what} names it and its port's setting in messages, {@code health}
     * is its health check.
     */
    record Member(
            String name, String what, int port, String health, List<String> command, Map<String, String> environment) {}

    void spawn(Member m) throws IOException {
        List<String> full = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            full.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the terminal does not kill the suite
        }
        full.addAll(m.command());
        ProcessBuilder pb = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        layout.logs().resolve(m.name() + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(m.environment());
        Process process = pb.start();
        Files.writeString(layout.pids().resolve(m.name() + ".pid"), String.valueOf(process.pid()));
    }

    void awaitReady(Member m) throws Exception {
        String name = m.name();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.ready(m.health())) {
                return;
            }
            if (process(name).isEmpty()) {
                throw new SuiteException(name + " exited during start. Last lines of its log:\n" + tail(name, 25));
            }
            Thread.sleep(200);
        }
        throw new SuiteException(name + " did not become ready within " + READY_TIMEOUT.toSeconds()
                + " s. Last lines:\n" + tail(name, 25));
    }

    /**
     * A process that does not answer its health check is starting while it has not bound its port yet (the services
     * and the simulator bind it once ready to serve), up to the start timeout; one that has bound it, or is past the
     * timeout, is not starting any more.
     */
    boolean starting(ProcessHandle process, int port) {
        return process.info()
                        .startInstant()
                        .map(started -> started.plus(READY_TIMEOUT).isAfter(Instant.now()))
                        .orElse(false)
                && !HealthProbe.listening(layout.bind(), port);
    }

    /**
     * Whether up keeps a running process of the suite: it answers its health check, at once or while starting, or
     * within the grace. One that has exited is started again; one alive that does not answer is killed first.
     */
    boolean keep(Member m, long graceEnd) throws Exception {
        Optional<ProcessHandle> p = process(m.name());
        if (p.isEmpty()) {
            if (Files.exists(layout.pids().resolve(m.name() + ".pid"))) {
                out.printf("found    %-22s stopped%n", m.name() + " ...");
            }
            return false;
        }
        while (!probe.ready(m.health())) {
            if (!p.get().isAlive()) {
                out.printf("found    %-22s exited%n", m.name() + " ...");
                return false;
            }
            if (System.nanoTime() > graceEnd && !starting(p.get(), m.port())) {
                kill(m.name(), p.get(), "no answer at " + m.health());
                return false;
            }
            Thread.sleep(200);
        }
        out.printf(
                "keeping  %-22s ready    pid %d%s%n",
                m.name() + " ...",
                p.get().pid(),
                olderThanBuild(p.get()) ? "  (started before the last build: ./asm down, then up, to run it)" : "");
        return true;
    }

    /** The process was started before ./asm last built the suite (its stamp), so it runs older code. */
    private boolean olderThanBuild(ProcessHandle process) throws IOException {
        Path stamp = layout.repo().resolve("deploy/local/target/asm-built");
        if (!Files.exists(stamp)) {
            return false;
        }
        Instant built = Files.getLastModifiedTime(stamp).toInstant();
        return process.info()
                .startInstant()
                .map(started -> started.isBefore(built))
                .orElse(false);
    }

    /**
     * Kills a process that does not answer (a stopped or stuck one ignores a polite request) with what it started,
     * PostgreSQL's backends, and waits until they are gone and their ports free.
     */
    void kill(String name, ProcessHandle process, String why) throws Exception {
        out.printf("killing  %-22s pid %d, %s%n", name + " ...", process.pid(), why);
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    void awaitAll(List<Member> members, long since) throws Exception {
        for (Member m : members) {
            out.printf("starting %-22s ", m.name() + " ...");
            out.flush();
            awaitReady(m);
            out.printf("ready at %5.1f s  %s%n", (System.nanoTime() - since) / 1e9, layout.url(m.port()));
        }
    }

    private String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(layout.logs().resolve(name + ".log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The live process of that name, ours: its command line names this repository (its jar or the simulator's). */
    Optional<ProcessHandle> process(String name) {
        return live(layout.pids().resolve(name + ".pid"), layout.repo().toString());
    }

    /** The suite's PostgreSQL server, if it runs: its command line names the suite's data directory. */
    Optional<ProcessHandle> postmaster() {
        return live(
                layout.database().resolve("postmaster.pid"), layout.database().toString());
    }

    /**
     * The process whose pid is the first line of {@code pidFile}, if alive and its command line mentions {@code mark}:
     * after a reboot a pid file may name somebody else's process, which up must not kill nor down stop.
     */
    private static Optional<ProcessHandle> live(Path pidFile, String mark) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String pid =
                    Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(pid))
                    .filter(ProcessHandle::isAlive)
                    .filter(p ->
                            p.info().commandLine().map(c -> c.contains(mark)).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Each port is free: {@code what} names who needs it and, in parentheses, its setting. */
    void checkPortsFree(Map<String, Integer> ports) {
        ports.forEach((what, port) -> {
            try (ServerSocket s = new ServerSocket()) {
                // As the services bind: a port whose last connections linger in TIME_WAIT is free for them.
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(layout.bind(), port));
            } catch (IOException e) {
                throw new SuiteException(
                        "Port " + port + " for " + what + " is already in use. Stop what uses it, or set "
                                + what.replaceAll(".*\\((.*)\\)", "$1") + " to a free port.");
            }
        });
    }
}
