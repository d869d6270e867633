package io.asm.mesh.domain;

import java.util.Locale;

/** Mesh states as clients read them (DOMAIN.md §2.1): running is ready, anything with "fail" is terminal. */
public enum MeshState {
    INITIAL, RUNNING, FAILED, UPDATING, UPGRADING, UPGRADING_FAILED, DELETING;

    /** Where this state ends when its reconciler gives up (docs/states.md); one without a failed state stays itself. */
    public MeshState givenUp() {
        return switch (this) {
            case INITIAL, UPDATING -> FAILED;
            case UPGRADING -> UPGRADING_FAILED;
            default -> this;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MeshState fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
