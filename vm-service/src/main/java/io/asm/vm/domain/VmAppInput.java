package io.asm.vm.domain;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.VmAppLabel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses AddVmAppToMesh's text parameters into a {@link VmAppSpec}, strictly and with Kubernetes' own limits: the
 * gateway checked their format already, this service checks again because it is the one that writes them into
 * objects. Every refusal is {@code InvalidParameter} naming the parameter, before anything is stored.
 */
public final class VmAppInput {

    /** Istio's ServicePort protocols (DOMAIN.md §3.16). */
    static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "GRPC", "HTTP2", "MONGO", "TCP", "TLS");

    static final int MAX_IPS = 64;
    static final int MAX_PORTS = 64;
    static final int MAX_LABELS = 64;
    /** Kubernetes' limit on all annotations of an object together. */
    static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** A label or annotation name, and a label value: Kubernetes' "qualified name" part. */
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?):([0-9]{1,5})");

    private VmAppInput() {}

    public static VmAppSpec parse(
            String namespace,
            String serviceName,
            String ips,
            String ports,
            String labels,
            String annotations,
            String serviceAccount,
            Boolean force) {
        List<VmAppSpec.Skipped> skipped = new ArrayList<>();
        boolean forced = Boolean.TRUE.equals(force);
        String ns = namespace(required("Namespace", namespace));
        // The WorkloadEntries are named mesh-expansion-<svc>-<i>, so the Service name leaves room for that prefix.
        String svc = name("ServiceName", required("ServiceName", serviceName), DNS_1035_LABEL, 63);
        String sa =
                serviceAccount == null || serviceAccount.isEmpty() ? "" : subdomain("ServiceAccount", serviceAccount);
        return new VmAppSpec(
                ns,
                svc,
                ips(required("Ips", ips)),
                ports(required("Ports", ports), forced, skipped),
                labels(required("Labels", labels)),
                annotations(annotations),
                sa,
                forced,
                List.copyOf(skipped));
    }

    /** A namespace as Kubernetes names it (DNS-1123 label). */
    public static String namespace(String value) {
        return name("Namespace", value, DNS_LABEL, 63);
    }

    /** A ServiceAccount or trust domain (DNS-1123 subdomain). */
    public static String subdomain(String parameter, String value) {
        return name(parameter, value, DNS_SUBDOMAIN, 253);
    }

    private static String required(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new AsmException(AsmError.MISSING_PARAMETER, parameter);
        }
        return value;
    }

    private static String name(String parameter, String value, Pattern pattern, int max) {
        if (value.length() > max || !pattern.matcher(value).matches()) {
            throw invalid(
                    parameter,
                    "'" + shown(value) + "' is not a valid Kubernetes name (" + pattern.pattern() + ", at most " + max
                            + " characters).");
        }
        return value;
    }

    static List<String> ips(String text) {
        List<String> out = new ArrayList<>();
        for (String item : items("Ips", text, MAX_IPS)) {
            String ip = address(item);
            if (out.contains(ip)) {
                throw invalid("Ips", "'" + item + "' is given twice.");
            }
            out.add(ip);
        }
        return out;
    }

    /** An IPv4 or IPv6 literal, in its canonical form; never a host name (nothing here resolves names). */
    private static String address(String item) {
        if (IPV4.matcher(item).matches()) {
            return item;
        }
        if (item.contains(":") && IPV6_CHARS.matcher(item).matches()) {
            try {
                // A literal with ':' is parsed, not looked up.
                return InetAddress.getByName(item)
                        .getHostAddress()
                        .replaceAll("(^|:)0(:0)+(:|$)", "::")
                        .replaceFirst(":::", "::");
            } catch (UnknownHostException | RuntimeException e) {
                // falls through to the refusal
            }
        }
        throw invalid("Ips", "'" + shown(item) + "' is not an IPv4 or IPv6 address.");
    }

    static List<VmAppSpec.Port> ports(String text, boolean force, List<VmAppSpec.Skipped> skipped) {
        List<VmAppSpec.Port> out = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        for (String item : items("Ports", text, MAX_PORTS)) {
            var m = PORT.matcher(item);
            if (!m.matches() || m.group(1).length() > 63) {
                throw invalid("Ports", "'" + shown(item) + "' is not name:port (e.g. http:8000).");
            }
            int number = Integer.parseInt(m.group(3));
            if (number < 1 || number > 65535) {
                throw invalid("Ports", "'" + item + "': the port must be from 1 to 65535.");
            }
            if (!numbers.add(number)) {
                throw invalid("Ports", "port " + number + " is given twice.");
            }
            // As Istio reads a port name: the protocol is the part before the first '-'.
            String protocol = m.group(1).split("-", 2)[0].toUpperCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                String why = "the protocol " + protocol + " is not one of "
                        + String.join(", ", PROTOCOLS.stream().sorted().toList()) + ".";
                if (!force) {
                    throw invalid("Ports", "'" + item + "': " + why + " Force=true skips it.");
                }
                skipped.add(new VmAppSpec.Skipped("Ports", item, why));
                continue;
            }
            out.add(new VmAppSpec.Port(protocol.toLowerCase(Locale.ROOT) + "-" + number, number, protocol));
        }
        if (out.isEmpty()) {
            throw invalid("Ports", "no port is left to serve.");
        }
        return out;
    }

    static Map<String, String> labels(String text) {
        Map<String, String> out = pairs("Labels", text, MAX_LABELS);
        if (out.containsKey(VmAppLabel.KEY)) {
            throw invalid("Labels", "'" + VmAppLabel.KEY + "' is set by the service mesh itself.");
        }
        out.forEach((k, v) -> {
            if (v.length() > 63 || (!v.isEmpty() && !QUALIFIED.matcher(v).matches())) {
                throw invalid(
                        "Labels",
                        "the value of '" + k + "' is not a label value (at most 63 letters, digits, '-', '_', '.').");
            }
        });
        return out;
    }

    static Map<String, String> annotations(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> out = pairs("Annotations", text, Integer.MAX_VALUE);
        int size = out.entrySet().stream()
                .mapToInt(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length)
                .sum();
        if (size > MAX_ANNOTATIONS_BYTES) {
            throw invalid("Annotations", "they are larger than Kubernetes allows (256 KiB).");
        }
        return out;
    }

    /** {@code k=v,k=v}: keys are Kubernetes qualified names, each once. */
    private static Map<String, String> pairs(String parameter, String text, int max) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items(parameter, text, max)) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw invalid(parameter, "'" + shown(item) + "' is not key=value.");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            checkKey(parameter, key);
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw invalid(parameter, "the value of '" + key + "' has control characters.");
            }
            if (out.put(key, value) != null) {
                throw invalid(parameter, "'" + key + "' is given twice.");
            }
        }
        return out;
    }

    /** Kubernetes' key syntax: an optional DNS-subdomain prefix (≤ 253) and '/', then a name of at most 63. */
    private static void checkKey(String parameter, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean ok = name.length() <= 63
                && QUALIFIED.matcher(name).matches()
                && (prefix == null
                        || (prefix.length() <= 253
                                && DNS_SUBDOMAIN.matcher(prefix).matches()));
        if (!ok) {
            throw invalid(parameter, "'" + shown(key) + "' is not a Kubernetes key ([prefix/]name).");
        }
    }

    private static List<String> items(String parameter, String text, int max) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw invalid(parameter, "it has an empty item.");
            }
            out.add(item);
        }
        if (out.size() > max) {
            throw invalid(parameter, "at most " + max + " items are allowed.");
        }
        return out;
    }

    private static String shown(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 60 ? clean : clean.substring(0, 60) + "...";
    }

    private static AsmException invalid(String parameter, String why) {
        return new AsmException(AsmError.INVALID_PARAMETER, parameter, why);
    }
}
