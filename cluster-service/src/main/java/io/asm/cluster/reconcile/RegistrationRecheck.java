package io.asm.cluster.reconcile;

import io.asm.cluster.domain.Cluster;
import io.asm.cluster.domain.MembershipState;
import io.asm.cluster.kube.ApiServerPolicy;
import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmException;
import io.asm.common.kube.Kubeconfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * At start, every stored registration is checked again against today's kubeconfig rules and the operator's rule for
 * API servers (both may be stricter than when it was stored): one that breaks them is marked failed and unreachable,
 * with the reason, and is never used (every use checks again). Its owner registers it anew with a valid kubeconfig.
 */
@ApplicationScoped
public class RegistrationRecheck {

    private static final Logger LOG = Logger.getLogger(RegistrationRecheck.class);

    @Inject
    ApiServerPolicy policy;

    @Inject
    SecretCipher cipher;

    void onStart(@Observes StartupEvent event) {
        recheckAll();
    }

    @Transactional
    public void recheckAll() {
        List<Cluster> all = Cluster.listAll();
        for (Cluster cluster : all) {
            try {
                policy.check(Kubeconfig.parse(cipher.decrypt(cluster.kubeconfigSealed)));
            } catch (AsmException e) {
                String why =
                        "The registration breaks the kubeconfig rules; register the cluster again. " + e.getMessage();
                LOG.warnf("Cluster %s: %s", cluster.id, why);
                cluster.reachable = false;
                cluster.probeError = why;
                if (cluster.membershipState().canMoveTo(MembershipState.FAILED)) {
                    cluster.fail(why);
                }
                cluster.updatedAt = OffsetDateTime.now();
            }
        }
    }
}
