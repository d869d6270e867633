package io.asm.devkit.sim;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the kubelet, the cloud controller and the token controller for a simulated cluster: Deployments and
 * StatefulSets become available with all replicas ready, LoadBalancer Services get an ingress address,
 * service-account-token Secrets get a token.
 */
final class Kubelet {

    private final AtomicInteger nextAddress = new AtomicInteger(10);

    void reconcile(KubernetesClient client) {
        for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
            int replicas = Objects.requireNonNullElse(
                    d.getSpec() == null ? null : d.getSpec().getReplicas(), 1);
            if (d.getStatus() == null
                    || !Objects.equals(d.getStatus().getReadyReplicas(), replicas)
                    || !Objects.equals(
                            d.getStatus().getObservedGeneration(),
                            d.getMetadata().getGeneration())) {
                d.setStatus(new DeploymentStatusBuilder()
                        .withReplicas(replicas)
                        .withReadyReplicas(replicas)
                        .withAvailableReplicas(replicas)
                        .withUpdatedReplicas(replicas)
                        .withObservedGeneration(d.getMetadata().getGeneration())
                        .addNewCondition()
                        .withType("Available")
                        .withStatus("True")
                        .withReason("MinimumReplicasAvailable")
                        .endCondition()
                        .build());
                client.resource(d).updateStatus();
            }
        }
        for (StatefulSet s :
                client.apps().statefulSets().inAnyNamespace().list().getItems()) {
            int replicas = Objects.requireNonNullElse(
                    s.getSpec() == null ? null : s.getSpec().getReplicas(), 1);
            if (s.getStatus() == null || !Objects.equals(s.getStatus().getReadyReplicas(), replicas)) {
                s.setStatus(new StatefulSetStatusBuilder()
                        .withReplicas(replicas)
                        .withReadyReplicas(replicas)
                        .withAvailableReplicas(replicas)
                        .withCurrentReplicas(replicas)
                        .withUpdatedReplicas(replicas)
                        .withObservedGeneration(s.getMetadata().getGeneration())
                        .build());
                client.resource(s).updateStatus();
            }
        }
        for (Secret secret : client.secrets().inAnyNamespace().list().getItems()) {
            // The token controller: a service-account-token Secret gets its token (the simulator accepts any).
            boolean tokenSecret = "kubernetes.io/service-account-token".equals(secret.getType());
            if (tokenSecret && (secret.getData() == null || !secret.getData().containsKey("token"))) {
                secret.setData(new HashMap<>(Objects.requireNonNullElse(secret.getData(), Map.of())));
                secret.getData()
                        .put(
                                "token",
                                Base64.getEncoder()
                                        .encodeToString(("sim." + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)));
                client.resource(secret).update();
            }
        }
        for (Service svc : client.services().inAnyNamespace().list().getItems()) {
            boolean loadBalancer =
                    svc.getSpec() != null && "LoadBalancer".equals(svc.getSpec().getType());
            boolean hasIngress = svc.getStatus() != null
                    && svc.getStatus().getLoadBalancer() != null
                    && svc.getStatus().getLoadBalancer().getIngress() != null
                    && !svc.getStatus().getLoadBalancer().getIngress().isEmpty();
            if (loadBalancer && !hasIngress) {
                String ip = "192.0.2." + (nextAddress.getAndIncrement() % 250 + 1); // TEST-NET-1, never routed
                svc.setStatus(new ServiceStatusBuilder()
                        .withLoadBalancer(new LoadBalancerStatusBuilder()
                                .withIngress(new LoadBalancerIngressBuilder()
                                        .withIp(ip)
                                        .build())
                                .build())
                        .build());
                client.resource(svc).updateStatus();
            }
        }
    }
}
