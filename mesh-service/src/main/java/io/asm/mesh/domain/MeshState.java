package io.asm.mesh.domain;

import java.util.Locale;

/** Mesh states as clients read them (DOMAIN.md §2.1): running is ready, anything with "fail" is terminal. */
public enum MeshState {
    INITIAL,
    RUNNING,
    FAILED,
    UPDATING,
    UPGRADING,
    UPGRADING_FAILED,
    DELETING;

    /**
     * Whether the rules may move a mesh from this state to {@code next} (DOMAIN.md §2.1, docs/states.md): the work
     * states end running or failed, a settled or failed mesh takes new work, and any mesh may be deleted.
     */
    public boolean canMoveTo(MeshState next) {
        if (next == DELETING) {
            return this != DELETING;
        }
        return switch (this) {
            case INITIAL, UPDATING -> next == RUNNING || next == FAILED;
            case UPGRADING -> next == RUNNING || next == UPGRADING_FAILED;
            case RUNNING -> next == UPDATING || next == UPGRADING;
            case FAILED -> next == INITIAL || next == UPDATING;
            case UPGRADING_FAILED -> next == UPGRADING;
            case DELETING -> false;
        };
    }

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
