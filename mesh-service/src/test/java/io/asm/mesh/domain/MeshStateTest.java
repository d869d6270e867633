package io.asm.mesh.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeshStateTest {

    @Test
    void workEndsRunningOrFailedAndFailuresTakeNewWork() {
        assertTrue(MeshState.INITIAL.canMoveTo(MeshState.RUNNING));
        assertTrue(MeshState.UPGRADING.canMoveTo(MeshState.UPGRADING_FAILED));
        assertTrue(MeshState.FAILED.canMoveTo(MeshState.INITIAL));
        assertTrue(MeshState.UPGRADING_FAILED.canMoveTo(MeshState.UPGRADING));
        assertFalse(MeshState.RUNNING.canMoveTo(MeshState.INITIAL));
        assertFalse(MeshState.UPGRADING.canMoveTo(MeshState.FAILED));
    }

    @Test
    void everyMeshButADeletedOneCanBeDeleted() {
        for (MeshState state : MeshState.values()) {
            assertTrue(state == MeshState.DELETING ^ state.canMoveTo(MeshState.DELETING), state.name());
        }
        assertThrows(IllegalStateException.class, () -> new Mesh().moveTo(MeshState.RUNNING));
    }
}
