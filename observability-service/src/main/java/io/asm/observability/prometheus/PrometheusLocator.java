package io.asm.observability.prometheus;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.common.kube.KubeClients;
import io.asm.common.kube.Kubeconfig;
import io.asm.observability.config.ObservabilityConfig;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Where a member cluster's Prometheus answers: the operator's setting for the cluster, else the LoadBalancer address
 * of Service {@code prometheus} in {@code istio-system} (Istio's addon, DOMAIN.md §3.12), read with a short-lived
 * credential from cluster-service.
 */
@ApplicationScoped
public class PrometheusLocator {

    static final String NAMESPACE = "istio-system";
    static final String SERVICE = "prometheus";
    /** The addon's port (samples/addons/prometheus.yaml), preferred when the Service has several. */
    static final int ADDON_PORT = 9090;

    private final Map<String, String> configured;
    private final ClusterCredentials credentials;
    private final int timeoutMillis;

    PrometheusLocator(ObservabilityConfig config, ClusterCredentials credentials) {
        this.configured = config.prometheusUrls();
        this.credentials = credentials;
        this.timeoutMillis = (int) config.clusterTimeout().toMillis();
    }

    public String address(String meshId, String clusterId) {
        String set = configured.get(clusterId);
        if (set != null) {
            return set;
        }
        Kubeconfig kubeconfig = Kubeconfig.parse(credentials.kubeconfig(meshId, clusterId));
        // The credential is short-lived: one client for this lookup, closed after it (not cached).
        try (KubernetesClient client = KubeClients.builder()
                .withConfig(kubeconfig.toConfig(timeoutMillis, timeoutMillis))
                .build()) {
            Service service =
                    client.services().inNamespace(NAMESPACE).withName(SERVICE).get();
            if (service == null) {
                throw none(
                        clusterId,
                        "there is no Service " + SERVICE + " in " + NAMESPACE
                                + ", and none is configured (asm.observability.prometheus-urls).");
            }
            return loadBalancerAddress(clusterId, service);
        } catch (KubernetesClientException e) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }

    private static String loadBalancerAddress(String clusterId, Service service) {
        List<LoadBalancerIngress> ingress =
                service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                        ? List.of()
                        : service.getStatus().getLoadBalancer().getIngress();
        if (ingress == null || ingress.isEmpty()) {
            throw none(clusterId, "Service " + SERVICE + " in " + NAMESPACE + " has no LoadBalancer address.");
        }
        String host = ingress.get(0).getIp() != null
                ? ingress.get(0).getIp()
                : ingress.get(0).getHostname();
        List<ServicePort> ports = service.getSpec().getPorts();
        int port = ports.stream()
                .filter(p -> p.getPort() == ADDON_PORT)
                .findFirst()
                .or(() -> ports.stream().findFirst())
                .map(ServicePort::getPort)
                .orElse(ADDON_PORT);
        return "http://" + host + ":" + port;
    }

    private static AsmException none(String clusterId, String why) {
        return new AsmException(AsmError.PROMETHEUS_NOT_FOUND, clusterId, why);
    }
}
