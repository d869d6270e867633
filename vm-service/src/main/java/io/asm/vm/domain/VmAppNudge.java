package io.asm.vm.domain;

/** Fired when a VM application has new work, so the reconciler starts after the commit instead of at its next tick. */
public record VmAppNudge(String appId) {}
