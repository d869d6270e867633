package io.asm.mesh.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit policy of the mesh API server; the hosted provisioner test checks the enabled one on the host cluster. */
class MeshAuditTest {

    @Test
    @SuppressWarnings("unchecked")
    void disabledAuditLogsNothingAndTogglingChangesThePolicyHash() {
        MeshAudit off = MeshAudit.of(Map.of("EnableAudit", false, "AuditProject", "p"));
        MeshAudit on = MeshAudit.of(Map.of("EnableAudit", true, "AuditProject", "p"));
        Map<String, Object> policy = Serialization.unmarshal(off.policy(), Map.class);
        assertEquals(List.of(Map.of("level", "None")), policy.get("rules"));
        assertNotEquals(off.policyHash(), on.policyHash(), "a toggle must roll the API server");
        assertEquals(
                on.policyHash(),
                MeshAudit.of(Map.of("EnableAudit", true, "AuditProject", "p")).policyHash());
    }
}
