package io.asm.common.kube;

/**
 * The label on every object vm-service writes for a VM application (DOMAIN.md §3.17, DESIGN): its value is the
 * application's Service name. Removal finds the objects by it; a cluster leaving a mesh drops the Services that carry it.
 */
public final class VmAppLabel {

    public static final String KEY = "asm.alibabacloud.com/vm-app";

    private VmAppLabel() {}
}
