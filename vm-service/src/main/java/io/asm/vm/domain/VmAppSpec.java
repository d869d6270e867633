package io.asm.vm.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A validated AddVmAppToMesh request: every field already checked by {@link VmAppInput}, so it is safe as Kubernetes
 * names, labels and addresses. Labels and annotations keep the caller's order.
 *
 * @param skipped what {@code Force} left out (ports with a protocol Istio does not know), reported in {@code Data}
 */
@RegisterForReflection
public record VmAppSpec(
        String namespace,
        String serviceName,
        List<String> ips,
        List<Port> ports,
        Map<String, String> labels,
        Map<String, String> annotations,
        String serviceAccount,
        boolean force,
        List<Skipped> skipped) {

    /** A port as the ServiceEntry and Service carry it: {@code name} is {@code <protocol>-<number>} (DOMAIN.md §3.16). */
    @RegisterForReflection
    public record Port(String name, int number, String protocol) {}

    /** One input item {@code Force} skipped, and why. */
    @RegisterForReflection
    public record Skipped(String parameter, String value, String reason) {}

    public String serviceEntryName() {
        return "mesh-expansion-" + serviceName;
    }

    /** {@code i} counts from 1, in {@code Ips} order. */
    public String workloadEntryName(int i) {
        return serviceEntryName() + "-" + i;
    }
}
