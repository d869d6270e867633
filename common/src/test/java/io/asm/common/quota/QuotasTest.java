package io.asm.common.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.asm.common.error.AsmException;
import org.junit.jupiter.api.Test;

class QuotasTest {

    @Test
    void roomIsLeftBelowTheLimitAndNoneAtIt() {
        Quotas.require(Quota.CLUSTERS, 99, 100);
        AsmException e = assertThrows(AsmException.class, () -> Quotas.require(Quota.CLUSTERS, 100, 100));
        assertEquals("QuotaExceeded.Cluster", e.code());
        assertEquals(400, e.httpStatus());
        assertEquals(
                "The quota of registered clusters per account (100) is used up: deregister a cluster first, or ask"
                        + " the operator to raise asm.quota.clusters-per-account.",
                e.getMessage());
    }

    @Test
    void vmAppsHaveTheirOwnCode() {
        AsmException e = assertThrows(AsmException.class, () -> Quotas.require(Quota.VM_APPS, 501, 500));
        assertEquals("QuotaExceeded.VmApp", e.code());
    }
}
