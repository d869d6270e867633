package io.asm.cluster.domain;

import io.asm.cluster.kube.DelegateAccess;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.DelegateAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Who may have a member cluster's delegate credentials: the owner of the mesh the cluster runs in, for that mesh. */
@ApplicationScoped
public class ClusterDelegates {

    @Inject
    DelegateAccess access;

    @Inject
    SecretCipher cipher;

    /** Outside any transaction: it calls the cluster, and holds no row while it does. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public DelegateAccount.Issued issue(String accountId, String meshId, String clusterId) {
        Cluster cluster = Cluster.findById(clusterId);
        // Another account's cluster, or one not (yet, any longer) running in this mesh, does not exist for the caller.
        if (cluster == null
                || !cluster.accountId.equals(accountId)
                || !meshId.equals(cluster.meshId)
                || !Cluster.RUNNING.equals(cluster.state)) {
            throw new AsmException(
                    AsmError.CLUSTER_NOT_FOUND, clusterId, "the running members of the service mesh " + meshId);
        }
        return access.issue(cipher.decrypt(cluster.kubeconfigSealed), clusterId);
    }
}
