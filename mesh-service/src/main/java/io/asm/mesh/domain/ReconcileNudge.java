package io.asm.mesh.domain;

/** Fired when a mesh has new work, so the reconciler starts now instead of at its next scheduled tick. */
public record ReconcileNudge(String meshId) {}
