package io.asm.cluster.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MembershipStateTest {

    @Test
    void joiningEndsRunningOrFailedAndAnyMemberCanBeRemoved() {
        assertTrue(MembershipState.NONE.canMoveTo(MembershipState.CONNECTING));
        assertTrue(MembershipState.CONNECTING.canMoveTo(MembershipState.RUNNING));
        assertTrue(MembershipState.CONNECTING.canMoveTo(MembershipState.FAILED));
        assertTrue(MembershipState.FAILED.canMoveTo(MembershipState.CONNECTING));
        for (MembershipState member :
                new MembershipState[] {MembershipState.CONNECTING, MembershipState.RUNNING, MembershipState.FAILED}) {
            assertTrue(member.canMoveTo(MembershipState.REMOVING), member.name());
        }
        assertTrue(MembershipState.REMOVING.canMoveTo(MembershipState.NONE));
        assertFalse(MembershipState.NONE.canMoveTo(MembershipState.RUNNING));
        assertFalse(MembershipState.REMOVING.canMoveTo(MembershipState.CONNECTING));
    }

    @Test
    void theWireNameOfNoMeshIsEmpty() {
        assertEquals("", MembershipState.NONE.wire());
        assertEquals(MembershipState.NONE, MembershipState.fromWire(""));
        assertEquals(MembershipState.REMOVING, MembershipState.fromWire("removing"));
    }

    @Test
    void anUndeclaredMoveIsRefused() {
        Cluster cluster = new Cluster();
        cluster.id = "c-1";
        assertThrows(IllegalStateException.class, () -> cluster.moveTo(MembershipState.RUNNING));
        cluster.moveTo(MembershipState.CONNECTING);
        cluster.fail("no token");
        assertEquals("failed", cluster.state);
        assertEquals("no token", cluster.errorMessage);
    }
}
