package io.asm.gateway;

import io.asm.gateway.catalogue.ActionCatalogue;
import io.asm.gateway.catalogue.ActionSpec;
import io.asm.gateway.catalogue.ParamSpec;
import io.asm.gateway.protocol.Percent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Hostile requests drawn from one seeded {@link Random}, so that a failure reproduces from its seed. Every request is
 * complete as framed (a declared Content-Length is the body's), so any silence from the server is a hang.
 */
final class HostileRequests {

    enum Kind {
        RANDOM_BYTES,
        BROKEN_ENCODING,
        ODD_HEADER_BYTES,
        OVERSIZE_HEADERS,
        OVERSIZE_TARGET,
        DUPLICATED_PARAMETERS,
        SIGNED_GARBAGE
    }

    /** One request: what it is, for the report, and its bytes; {@code action} is set for signed ones. */
    record Hostile(Kind kind, String description, byte[] bytes, ActionSpec action) {}

    /** Values that broke or could break something somewhere: paths, encodings, SQL, JSON, numbers, Unicode. */
    private static final List<String> NASTY = List.of(
            "",
            " ",
            ".",
            "..",
            "/",
            "a/b",
            "../../etc/passwd",
            "%2e%2e",
            "%2F",
            "\n",
            "\r\n",
            "x\u0000y",
            "\t",
            "\u007f",
            "\u0085",
            "\u2028",
            "\ud83d\ude00",
            "\ud800",
            "\ufffd",
            "'; DROP TABLE account;--",
            "${jndi:ldap://127.0.0.1/x}",
            "<x/>",
            "\"",
            "\\",
            "{}",
            "[",
            "[\"vsw\"",
            "[\"vsw-1\",]",
            "99999999999",
            "9223372036854775808",
            "-1",
            "0",
            "1e309",
            "NaN",
            "-0",
            "0x10",
            "true",
            "TRUE",
            "null",
            NegativeCasesTest.MESH,
            NegativeCasesTest.MESH.toUpperCase(),
            "c" + "0".repeat(31),
            "dp1",
            "DP1",
            "-dp1",
            "dp1-",
            "a".repeat(63),
            "a".repeat(64),
            "a".repeat(254),
            "x".repeat(5000),
            "1234567890123456",
            "LTAInobody",
            "Active",
            "testid");

    private static final String[] BROKEN_ESCAPES = {
        "%", "%z", "%zz", "%C3", "%C3%28", "%ED%A0%80", "%FF", "%00", "%%", "%2", "%u0041", "%0D%0A", "+%"
    };

    private final Random random;
    private final String keyId;
    private final String secret;
    private final String meshId;
    private final List<ActionSpec> actions;

    /** How often each kind comes, out of 100: signed garbage most, as it reaches furthest into the gateway. */
    private final List<Map.Entry<Integer, Supplier<Hostile>>> mix = List.of(
            Map.entry(45, this::signedGarbage),
            Map.entry(10, this::randomBytes),
            Map.entry(13, this::brokenEncoding),
            Map.entry(12, this::oddHeaderBytes),
            Map.entry(6, this::oversizeHeaders),
            Map.entry(2, this::oversizeTarget),
            Map.entry(12, this::duplicatedParameters));

    /** Signed with {@code keyId}/{@code secret}; {@code meshId} is a well-formed id some calls name. */
    HostileRequests(Random random, String keyId, String secret, String meshId) {
        this.random = random;
        this.keyId = keyId;
        this.secret = secret;
        this.meshId = meshId;
        this.actions = ActionCatalogue.all().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    Hostile next() {
        int dice = random.nextInt(100);
        for (Map.Entry<Integer, Supplier<Hostile>> kind : mix) {
            dice -= kind.getKey();
            if (dice < 0) {
                return kind.getValue().get();
            }
        }
        throw new IllegalStateException("the mix adds up to less than 100");
    }

    private Hostile randomBytes() {
        byte[] junk = new byte[1 + random.nextInt(2048)];
        random.nextBytes(junk);
        // Bare line ends are no request at all (RFC 9112 §2.2: a server ignores empty lines before one), and Netty
        // skips any control or white-space bytes there too (HttpObjectDecoder), so junk made only of them rightly gets
        // no answer; starting it with a visible byte keeps every case a request to judge (seed 75479238649374 drew
        // a single such byte).
        int first = junk[0] & 0xFF;
        if (Character.isISOControl(first) || Character.isWhitespace(first)) {
            junk[0] = 'x';
        }
        byte[] bytes = new byte[junk.length + 4];
        System.arraycopy(junk, 0, bytes, 0, junk.length);
        System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, junk.length, 4);
        return new Hostile(Kind.RANDOM_BYTES, junk.length + " random bytes", bytes, null);
    }

    private Hostile brokenEncoding() {
        StringBuilder target = new StringBuilder(random.nextBoolean() ? "/?" : "/");
        int parts = 1 + random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            target.append(random.nextBoolean() ? "Action=" : "x")
                    .append(pick(BROKEN_ESCAPES))
                    .append(printable(6))
                    .append('&');
        }
        return raw(Kind.BROKEN_ENCODING, "GET", target.toString(), Map.of(), new byte[0]);
    }

    private Hostile oddHeaderBytes() {
        Map<String, String> headers = new LinkedHashMap<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(3) == 0 ? latin1(1 + random.nextInt(12)) : "X-" + printable(6);
            headers.put(name, latin1(random.nextInt(40)));
        }
        return raw(
                Kind.ODD_HEADER_BYTES,
                random.nextBoolean() ? "GET" : "POST",
                "/?Action=DescribeServiceMeshDetail",
                headers,
                new byte[0]);
    }

    private Hostile oversizeHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            headers.put("X-Big", "a".repeat(15_000 + random.nextInt(30_000)));
        } else {
            int n = 500 + random.nextInt(3000);
            for (int i = 0; i < n; i++) {
                headers.put("X-H" + i, "v" + i);
            }
        }
        return raw(Kind.OVERSIZE_HEADERS, "GET", "/", headers, new byte[0]);
    }

    private Hostile oversizeTarget() {
        return raw(
                Kind.OVERSIZE_TARGET,
                "GET",
                "/?x=" + "a".repeat(200_000 + random.nextInt(100_000)),
                Map.of(),
                new byte[0]);
    }

    private Hostile duplicatedParameters() {
        TreeMap<String, String> params = Signed.common("DescribeServiceMeshDetail", keyId);
        params.put("ServiceMeshId", meshId);
        params.put("SignatureNonce", nonce());
        String query = Signed.query(params, secret);
        String extra = switch (random.nextInt(4)) {
            case 0 ->
                "&" + pick(List.of("Action", "AccessKeyId", "Signature", "ServiceMeshId", "Timestamp", "Version")) + "="
                        + Percent.encode(pick(NASTY));
            case 1 -> "&p=1".repeat(100 + random.nextInt(2000));
            case 2 -> "&ServiceMeshId=" + "c".repeat(10_000 + random.nextInt(60_000));
            default -> "&=" + "&&=&=".repeat(1 + random.nextInt(50));
        };
        return raw(Kind.DUPLICATED_PARAMETERS, "GET", "/?" + query + extra, Map.of(), new byte[0]);
    }

    /** A correctly signed call of a catalogued action (or an unknown one) whose parameters are garbage. */
    private Hostile signedGarbage() {
        ActionSpec action = random.nextInt(20) == 0 ? null : actions.get(random.nextInt(actions.size()));
        TreeMap<String, String> params = Signed.common(action == null ? garbage() : action.name(), keyId);
        params.put("SignatureNonce", nonce());
        if (action != null) {
            for (ParamSpec p : action.params()) {
                if (p.required() || random.nextInt(3) == 0) {
                    params.put(
                            random.nextInt(10) == 0 && !p.aliases().isEmpty()
                                    ? p.aliases().get(0)
                                    : p.name(),
                            garbage());
                }
            }
        }
        if (random.nextInt(8) == 0) {
            params.put("RegionId", garbage()); // it becomes a header of the internal call
        }
        if (random.nextInt(12) == 0) {
            params.put("AccessKeyId", garbage()); // it is looked up in the database
        }
        String name = action == null ? params.get("Action") : action.name();
        if (random.nextBoolean()) {
            return new Hostile(
                    Kind.SIGNED_GARBAGE,
                    "GET " + name,
                    RawHttp.request("GET", "/?" + Signed.query(params, secret), Map.of(), new byte[0]),
                    action);
        }
        byte[] body = Signed.form(params, secret).getBytes(StandardCharsets.UTF_8);
        return new Hostile(
                Kind.SIGNED_GARBAGE,
                "POST " + name,
                RawHttp.request("POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded"), body),
                action);
    }

    /** A nasty value, a random string of any characters, or (so that some calls go through) a well-formed one. */
    private String garbage() {
        return switch (random.nextInt(3)) {
            case 0 -> pick(NASTY);
            case 1 -> anyChars(random.nextInt(random.nextInt(10) == 0 ? 600 : 40));
            default ->
                pick(List.of(
                        meshId,
                        "dp1",
                        "hello",
                        "http-sa",
                        "cn-hangzhou",
                        "vpc-1",
                        "[\"vsw-1\"]",
                        "1",
                        "10",
                        "true",
                        "demo"));
        };
    }

    private Hostile raw(Kind kind, String method, String target, Map<String, String> headers, byte[] body) {
        String shown = target.length() > 80 ? target.substring(0, 80) + "...(" + target.length() + ")" : target;
        return new Hostile(
                kind,
                method + " " + shown + " " + headers.size() + " headers",
                RawHttp.request(method, target, headers, body),
                null);
    }

    private String nonce() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String printable(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return s.toString();
    }

    /** Bytes 0-255 as ISO-8859-1 characters, without CR and LF (which would end the header line). */
    private String latin1(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            char c = (char) random.nextInt(256);
            s.append(c == '\r' || c == '\n' ? ' ' : c);
        }
        return s.toString();
    }

    private String anyChars(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(
                    switch (random.nextInt(4)) {
                        case 0 -> (char) random.nextInt(0x20);
                        case 1 -> (char) (0x20 + random.nextInt(0x60));
                        case 2 -> (char) (0x80 + random.nextInt(0x180));
                        default -> (char) random.nextInt(0x10000);
                    });
        }
        return s.toString();
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }
}
