package io.asm.cluster.domain;

/** Fired when a membership has new work, so the reconciler starts now instead of at its next scheduled tick. */
public record ClusterNudge(String clusterId) {}
