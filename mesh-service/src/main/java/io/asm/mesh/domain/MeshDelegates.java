package io.asm.mesh.domain;

import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.DelegateAccount;
import io.asm.mesh.kube.MeshDelegateAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Delegate credentials for a running mesh's API server, for its owner's VM applications. */
@ApplicationScoped
public class MeshDelegates {

    @Inject
    Meshes meshes;

    @Inject
    MeshDelegateAccess access;

    @Inject
    SecretCipher cipher;

    /** Outside any transaction: it calls the mesh API server. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public DelegateAccount.Issued issue(String accountId, String meshId) {
        Mesh mesh = meshes.find(accountId, meshId);
        if (mesh.meshState() != MeshState.RUNNING || mesh.kubeconfigSealed == null) {
            throw new AsmException(AsmError.INCORRECT_STATUS_SERVICE_MESH, mesh.state);
        }
        return access.issue(cipher.decrypt(mesh.kubeconfigSealed), mesh.apiServerEndpoint, mesh.caCert, mesh.id);
    }
}
