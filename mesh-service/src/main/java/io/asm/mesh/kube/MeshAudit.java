package io.asm.mesh.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * EnableAudit / AuditProject (DOMAIN.md §3.1, design): the mesh API server's audit policy. Enabled, it records every
 * change to Istio resources with request and response, and reads of them as metadata; disabled, nothing.
 */
record MeshAudit(boolean enabled, String project, String policy) {

    static final String POLICY_HASH_ANNOTATION = "asm.alibabacloud.com/audit-policy-sha256";
    static final String PROJECT_ANNOTATION = "asm.alibabacloud.com/audit-project";

    private static final String ISTIO_GROUPS = """
              - group: networking.istio.io
              - group: security.istio.io
              - group: telemetry.istio.io
              - group: extensions.istio.io
              - group: install.istio.io
            """;

    static MeshAudit of(Map<String, Object> features) {
        boolean enabled = Boolean.TRUE.equals(features.get("EnableAudit"));
        String project = String.valueOf(features.getOrDefault("AuditProject", ""));
        String rules = !enabled ? "" : """
                - level: RequestResponse
                  verbs: ["create", "update", "patch", "delete", "deletecollection"]
                  resources:
                %s- level: Metadata
                  resources:
                %s""".formatted(ISTIO_GROUPS, ISTIO_GROUPS);
        String policy = """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: ["RequestReceived"]
                rules:
                %s- level: None
                """.formatted(rules);
        return new MeshAudit(enabled, project, policy);
    }

    String policyHash() {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(policy.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
