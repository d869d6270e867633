package io.asm.local.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Evaluates NetworkPolicies as the API defines them: a pod selected by no policy of a direction is open in it; one
 * that is selected admits what any selecting policy's rule admits; a connection needs the source's egress and the
 * destination's ingress. Peers: pod and namespace selectors (matchLabels and matchExpressions) and IPv4 ipBlocks,
 * which here match only endpoints outside the cluster's pods.
 */
final class NetworkPolicies {

    /** A pod (namespace and labels, its named ports) or an address outside the cluster's pods (ip). */
    record Endpoint(String name, String namespace, Map<String, String> labels, String ip, Map<String, Port> ports) {

        static Endpoint pod(String name, String namespace, Map<String, String> labels, Map<String, Port> ports) {
            return new Endpoint(name, namespace, labels, null, ports);
        }

        static Endpoint address(String name, String ip, Map<String, Port> ports) {
            return new Endpoint(name, null, Map.of(), ip, ports);
        }
    }

    record Port(String protocol, int number) {
        static Port tcp(int number) {
            return new Port("TCP", number);
        }

        @Override
        public String toString() {
            return protocol + "/" + number;
        }
    }

    /** An ingress or egress rule: who (from or to) and on which ports. */
    private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {}

    private final List<NetworkPolicy> policies;

    NetworkPolicies(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    boolean allows(Endpoint from, Endpoint to, Port port) {
        return admits(from, to, to, port, "Egress") && admits(to, from, to, port, "Ingress");
    }

    /** Whether the policies of {@code subject}'s namespace let it talk with {@code peer} in {@code direction}. */
    private boolean admits(Endpoint subject, Endpoint peer, Endpoint destination, Port port, String direction) {
        if (subject.namespace() == null) {
            return true; // not a pod: no policy of ours applies to it
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> Objects.equals(p.getMetadata().getNamespace(), subject.namespace()))
                .filter(p -> p.getSpec().getPolicyTypes().contains(direction))
                .filter(p -> matches(p.getSpec().getPodSelector(), subject.labels()))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            String ns = p.getMetadata().getNamespace();
            Stream<Rule> rules = direction.equals("Egress")
                    ? orEmpty(p.getSpec().getEgress()).stream().map(r -> new Rule(r.getTo(), r.getPorts()))
                    : orEmpty(p.getSpec().getIngress()).stream().map(r -> new Rule(r.getFrom(), r.getPorts()));
            if (rules.anyMatch(r -> anyPeer(r.peers(), peer, ns) && anyPort(r.ports(), destination, port))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyPeer(List<NetworkPolicyPeer> peers, Endpoint e, String policyNamespace) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (e.ip() != null
                        && inCidr(e.ip(), peer.getIpBlock().getCidr())
                        && orEmpty(peer.getIpBlock().getExcept()).stream().noneMatch(x -> inCidr(e.ip(), x))) {
                    return true;
                }
            } else if (e.namespace() != null) {
                boolean namespace = peer.getNamespaceSelector() == null
                        ? e.namespace().equals(policyNamespace)
                        : matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", e.namespace()));
                boolean pod = peer.getPodSelector() == null || matches(peer.getPodSelector(), e.labels());
                if (namespace && pod) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyPort(List<NetworkPolicyPort> ports, Endpoint destination, Port port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!protocol.equals(port.protocol())) {
                continue;
            }
            IntOrString number = p.getPort();
            if (number == null) {
                return true;
            }
            if (number.getStrVal() != null) {
                if (port.equals(destination.ports().get(number.getStrVal()))) {
                    return true;
                }
            } else {
                int end = p.getEndPort() == null ? number.getIntVal() : p.getEndPort();
                if (port.number() >= number.getIntVal() && port.number() <= end) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        for (LabelSelectorRequirement r : orEmpty(selector.getMatchExpressions())) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** IPv4 only: an IPv6 block (::/0) never holds the IPv4 addresses the test probes with. */
    private static boolean inCidr(String ip, String cidr) {
        if (cidr.contains(":")) {
            return false;
        }
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        long v = 0;
        for (String octet : ip.split("\\.")) {
            v = v << 8 | Integer.parseInt(octet);
        }
        return v;
    }
}
