package io.asm.mesh.domain;

import static io.asm.mesh.domain.MeshState.FAILED;
import static io.asm.mesh.domain.MeshState.INITIAL;
import static io.asm.mesh.domain.MeshState.RUNNING;
import static io.asm.mesh.domain.MeshState.UPGRADING;
import static io.asm.mesh.domain.MeshState.UPGRADING_FAILED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeshStateTest {

    @Test
    void workEndsRunningOrFailedAndFailuresTakeNewWork() {
        // from, to, allowed: what docs/states.md says of each
        Object[][] moves = {
            {INITIAL, RUNNING, true},
            {UPGRADING, UPGRADING_FAILED, true},
            {FAILED, INITIAL, true},
            {UPGRADING_FAILED, UPGRADING, true},
            {RUNNING, INITIAL, false},
            {UPGRADING, FAILED, false}
        };
        for (Object[] m : moves) {
            assertEquals(m[2], ((MeshState) m[0]).canMoveTo((MeshState) m[1]), m[0] + " → " + m[1]);
        }
    }

    @Test
    void everyMeshButADeletedOneCanBeDeleted() {
        for (MeshState state : MeshState.values()) {
            assertTrue(state == MeshState.DELETING ^ state.canMoveTo(MeshState.DELETING), state.name());
        }
        assertThrows(IllegalStateException.class, () -> new Mesh().moveTo(MeshState.RUNNING));
    }
}
