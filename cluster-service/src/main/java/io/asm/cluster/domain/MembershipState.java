package io.asm.cluster.domain;

import java.util.Locale;
import java.util.Set;

/**
 * A cluster's membership states (DOMAIN.md §2.2) with the moves the rules make between them; {@link #NONE} (stored
 * as empty) is a cluster in no mesh. Giving up (connecting → failed) and a registration that fails its recheck
 * (→ failed) are the reconciler's and the recheck's moves, also declared here.
 */
public enum MembershipState {
    NONE,
    CONNECTING,
    RUNNING,
    FAILED,
    REMOVING;

    /** Whether the rules may move a membership from this state to {@code next}. */
    public boolean canMoveTo(MembershipState next) {
        return switch (this) {
            case NONE -> next == CONNECTING;
            case CONNECTING -> Set.of(RUNNING, FAILED, REMOVING).contains(next);
            case RUNNING -> Set.of(FAILED, REMOVING).contains(next);
            case FAILED -> Set.of(CONNECTING, REMOVING).contains(next);
            case REMOVING -> next == NONE;
        };
    }

    public String wire() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    public static MembershipState fromWire(String s) {
        return s == null || s.isEmpty() ? NONE : valueOf(s.toUpperCase(Locale.ROOT));
    }
}
