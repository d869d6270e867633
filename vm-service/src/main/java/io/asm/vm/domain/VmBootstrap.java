package io.asm.vm.domain;

import io.asm.vm.client.MeshService;
import io.asm.vm.config.VmServiceConfig;
import io.asm.vm.kube.MeshExpansionWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * GetVmMeta (DOMAIN.md §3.19, §5.2, §5.3): a VM's bootstrap bundle — a fresh key and a workload certificate from the
 * mesh CA for {@code spiffe://<trustDomain>/ns/<ns>/sa/<sa>}, the root, {@code cluster.env}, the {@code hosts} line
 * for istiod, and a ServiceAccount token for Istio's token-based flow. The key is made by mesh-service for this
 * answer and stored nowhere.
 */
@ApplicationScoped
public class VmBootstrap {

    public static final String CERT_CHAIN_PATH = "/etc/certs/cert-chain.pem";
    public static final String KEY_PATH = "/etc/certs/key.pem";
    public static final String ROOT_CERT_PATH = "/etc/certs/root-cert.pem";
    public static final String ENVOY_ENV_PATH = "/var/lib/istio/envoy/cluster.env";
    public static final String HOSTS_PATH = "/etc/hosts";
    public static final String TOKEN_PATH = "/var/run/secrets/tokens/istio-token";
    static final String ISTIOD_HOST = "istiod.istio-system.svc";
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:.]+]?");

    /** The files of the bundle, their contents. */
    public record Bundle(String certChain, String key, String rootCert, String envoyEnv, String hosts, String token) {}

    @Inject
    MeshService meshes;

    @Inject
    MeshExpansionWriter writer;

    @Inject
    VmServiceConfig config;

    /**
     * As the seed says, Namespace and ServiceAccount count only together, and TrustDomain only with them; otherwise
     * the identity is {@code default/default} in {@code cluster.local}.
     */
    public Bundle bundle(String accountId, String meshId, String namespace, String serviceAccount, String trustDomain) {
        boolean named = present(namespace) && present(serviceAccount);
        String ns = named ? VmAppInput.namespace(namespace) : "default";
        String sa = named ? VmAppInput.subdomain("ServiceAccount", serviceAccount) : "default";
        String td = named && present(trustDomain) ? VmAppInput.subdomain("TrustDomain", trustDomain) : "cluster.local";
        MeshService.Mesh mesh = meshes.requireRunning(accountId, meshId);
        MeshService.WorkloadCertificate cert =
                meshes.certificate(accountId, meshId, ns, sa, td, config.workloadCertTtl());
        String token = writer.workloadToken(meshes.credentials(accountId, meshId), ns, sa, config.workloadTokenTtl());
        String root = withNewline(cert.rootPem());
        // Leaf, then the CA that signed it: the mesh root signs workload certificates directly (no intermediate).
        return new Bundle(
                withNewline(cert.certificatePem()) + root,
                cert.privateKeyPem(),
                root,
                clusterEnv(mesh, ns, sa, td),
                hosts(mesh.pilotEndpoint()),
                token);
    }

    /** {@code KEY='value'} lines, sorted, as istioctl writes them; every value was validated, quoting is belt and braces. */
    static String clusterEnv(MeshService.Mesh mesh, String ns, String sa, String td) {
        String pilot = mesh.pilotEndpoint();
        String port = pilot.contains(":") ? pilot.substring(pilot.lastIndexOf(':') + 1) : "15012";
        String caAddr = (isIp(host(pilot)) ? ISTIOD_HOST : host(pilot)) + ":" + port;
        Map<String, String> env = new TreeMap<>();
        env.put("CA_ADDR", caAddr);
        env.put("PILOT_ADDRESS", caAddr);
        env.put("ISTIO_PILOT_PORT", port);
        env.put("ISTIO_CP_AUTH", "MUTUAL_TLS");
        env.put("ISTIO_INBOUND_PORTS", "*");
        env.put("ISTIO_LOCAL_EXCLUDE_PORTS", "22,15090,15021,15020");
        env.put("ISTIO_NAMESPACE", ns);
        env.put("ISTIO_SERVICE_CIDR", "*");
        env.put("ISTIO_SYSTEM_NAMESPACE", "istio-system");
        env.put("ISTIO_META_MESH_ID", mesh.id());
        env.put("POD_NAMESPACE", ns);
        env.put("SERVICE_ACCOUNT", sa);
        env.put("TRUST_DOMAIN", td);
        env.put("PROV_CERT", "/etc/certs");
        env.put("OUTPUT_CERTS", "/etc/certs");
        StringBuilder out = new StringBuilder();
        env.forEach((k, v) ->
                out.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        return out.toString();
    }

    /** {@code <istiod IP> istiod.istio-system.svc}; empty when the Pilot endpoint is a host name (the VM resolves it). */
    static String hosts(String pilotEndpoint) {
        String host = host(pilotEndpoint);
        return isIp(host) ? host.replace("[", "").replace("]", "") + " " + ISTIOD_HOST + "\n" : "";
    }

    private static String host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon > 0 && !endpoint.endsWith("]") ? endpoint.substring(0, colon) : endpoint;
    }

    private static boolean isIp(String host) {
        return !host.isEmpty() && IP_LITERAL.matcher(host).matches();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String withNewline(String pem) {
        return pem.endsWith("\n") ? pem : pem + "\n";
    }
}
