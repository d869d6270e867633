package io.asm.local.bench;

import io.asm.local.RpcV1Signer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop load: {@code concurrency} clients, each sending one request at a time, every request signed afresh
 * (new nonce, current timestamp) by its own code, independent of the gateway's: RPC v1 GET (HMAC-SHA1) or ACS3 POST
 * (ACS3-HMAC-SHA256, as the Tea engine sends it: form body, {@code x-acs-*} headers). Reports requests/s and latency
 * percentiles after a warm-up.
 *
 * <p>Usage: {@code SignedLoad [--acs3|--mixed] <url> <accessKeyId> <secret> <concurrency> <seconds> <Action>
 * [Name=Value ...]}: RPC v1 by default, {@code --acs3} ACS3 only, {@code --mixed} half the clients each. With
 * {@code --unsigned}, sends plain GETs to {@code <url>} (for calling a service directly) with the internal headers
 * given as {@code Header:Value}. With {@code --once}, sends one signed request and prints the response body.
 */
public final class SignedLoad {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--once")) {
            Map<String, String> params = new TreeMap<>();
            for (int i = 5; i < args.length; i++) {
                params.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            }
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(args[1] + "/?" + signedQuery(args[4], args[2], args[3], params)))
                    .build();
            System.out.println(HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString())
                    .body());
            System.exit(0);
        }
        String mode = args[0].startsWith("--") ? args[0] : "--rpc";
        boolean unsigned = mode.equals("--unsigned");
        String[] a = args[0].startsWith("--") ? Arrays.copyOfRange(args, 1, args.length) : args;
        String url = a[0];
        int concurrency = Integer.parseInt(a[3]);
        int seconds = Integer.parseInt(a[4]);
        String action = a[5];
        Map<String, String> extra = new TreeMap<>();
        for (int i = 6; i < a.length; i++) {
            int eq = a[i].indexOf(unsigned ? ':' : '=');
            extra.put(a[i].substring(0, eq), a[i].substring(eq + 1));
        }
        URI target = URI.create(url);
        String host = target.getHost() + ':' + target.getPort();
        Client rpc = () -> get("/?" + signedQuery(action, a[1], a[2], extra), target, Map.of());
        Client acs3 = () -> Acs3Post.request(host, action, a[1], a[2], extra);
        Client plain = () -> get(action, target, extra);
        // Client i's scheme: --mixed gives the even clients RPC v1 and the odd ones ACS3.
        IntFunction<Client> client = i -> switch (mode) {
            case "--unsigned" -> plain;
            case "--acs3" -> acs3;
            case "--mixed" -> i % 2 == 0 ? rpc : acs3;
            case "--rpc" -> rpc;
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };

        run(target, client, concurrency, 3, new ArrayList<>(), new AtomicLong()); // warm-up
        List<long[]> samples = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        run(target, client, concurrency, seconds, samples, errors);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = samples.stream()
                .flatMapToLong(Arrays::stream)
                .filter(v -> v > 0)
                .sorted()
                .toArray();
        System.out.printf(
                "%s c=%d %ds: %d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                action,
                concurrency,
                seconds,
                all.length,
                all.length / elapsed,
                pct(all, 50),
                pct(all, 99),
                errors.get());
        System.exit(0);
    }

    interface Client {
        byte[] next() throws Exception;
    }

    private static byte[] get(String pathAndQuery, URI target, Map<String, String> headers) {
        StringBuilder r = new StringBuilder(512)
                .append("GET ")
                .append(pathAndQuery)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(target.getHost())
                .append(':')
                .append(target.getPort())
                .append("\r\n");
        headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
        return r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Each client thread keeps one HTTP/1.1 connection and speaks the protocol itself: a general-purpose client
     * (the JDK's took about as much CPU as the gateway it measured) would compete with the server for the cores.
     */
    private static void run(
            URI target,
            IntFunction<Client> clients,
            int concurrency,
            int seconds,
            List<long[]> samples,
            AtomicLong errors)
            throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Client client = clients.apply(c);
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 20];
                int n = 0;
                Connection connection = null;
                while (System.nanoTime() < deadline && n < lat.length) {
                    byte[] request = client.next();
                    if (connection == null) {
                        connection = new Connection(target);
                    }
                    long t = System.nanoTime();
                    int status;
                    try {
                        status = connection.exchange(request);
                    } catch (IOException e) {
                        connection.close();
                        connection = null;
                        status = -1;
                    }
                    long took = System.nanoTime() - t;
                    if (status == 200) {
                        lat[n++] = took;
                    } else if (errors.incrementAndGet() == 1) {
                        System.err.println(
                                "first error: " + status + " " + (connection == null ? "" : connection.body));
                    }
                }
                if (connection != null) {
                    connection.close();
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        for (Future<long[]> f : futures) {
            samples.add(f.get());
        }
        pool.shutdown();
    }

    /** One keep-alive connection: writes a request, reads one response (Content-Length or chunked). */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedInputStream in;
        String body = "";

        Connection(URI target) throws IOException {
            socket = new Socket(target.getHost(), target.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] content;
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                        size > 0;
                        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line();
                }
                line();
                content = all.toByteArray();
            } else {
                content = in.readNBytes((int) Math.max(length, 0));
            }
            if (status != 200 || content.length == 0) {
                body = new String(content, StandardCharsets.UTF_8);
                return status == 200 ? -200 : status; // an answer without a body is no answer
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p / 100.0))] / 1e6;
    }

    static String signedQuery(String action, String keyId, String secret, Map<String, String> extra) throws Exception {
        return RpcV1Signer.sign("GET", action, keyId, secret, extra);
    }

    private SignedLoad() {}
}
