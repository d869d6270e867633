package io.asm.mesh.kube;

import io.asm.common.kube.IstioNames;
import io.asm.mesh.ca.MeshCertificateAuthority;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The plug-in CA istiod signs with (DOMAIN.md §3.1 step 3): the mesh CA itself, root and chain alike, so workload and
 * VM certificates all chain to it. Written on the mesh API server and, for a hosted istiod, next to it.
 */
final class CaCertsSecret {

    private CaCertsSecret() {}

    static Secret of(String namespace, MeshCertificateAuthority.Issued ca) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(IstioNames.CACERTS)
                .withNamespace(namespace)
                .endMetadata()
                .addToData("ca-cert.pem", base64(ca.certificatePem()))
                .addToData("ca-key.pem", base64(ca.privateKeyPem()))
                .addToData("root-cert.pem", base64(ca.certificatePem()))
                .addToData("cert-chain.pem", base64(ca.certificatePem()))
                .build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
