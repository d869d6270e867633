package io.asm.common.kube;

/** Istio's fixed names and labels, as the suite writes and reads them on mesh API servers and member clusters. */
public final class IstioNames {

    /** Istio's system namespace, on the mesh API server and on every member cluster. */
    public static final String NAMESPACE = "istio-system";
    /** Trust domain and cluster domain of every mesh (Istio's default). */
    public static final String CLUSTER_LOCAL = "cluster.local";

    public static final String ISTIOD = "istiod";
    /** The plug-in CA secret istiod signs with (DOMAIN.md §3.1 step 3). */
    public static final String CACERTS = "cacerts";
    /** Remote secrets through which istiod reads member clusters: this prefix and the cluster id. */
    public static final String REMOTE_SECRET_PREFIX = "istio-remote-secret-";
    /** The label that makes istiod watch a remote secret. */
    public static final String MULTI_CLUSTER_LABEL = "istio/multiCluster";

    private IstioNames() {}
}
