package io.asm.gateway.catalogue;

import java.util.List;

/**
 * One action of the public API: which service owns it, the internal REST call it becomes
 * ({@code path} may hold {@code {Param}} placeholders), and its parameters.
 */
public record ActionSpec(String name, OwningService service, String method, String path, List<ParamSpec> params) {

    /** Where the gateway sends an action. {@code GATEWAY} actions (account administration) are answered here. */
    public enum OwningService {
        GATEWAY,
        MESH,
        CLUSTER,
        OBSERVABILITY,
        VM
    }
}
