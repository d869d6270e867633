package io.asm.common.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every Kubernetes write of the suite: server-side apply, forcing conflicts, under one field manager per service
 * ({@code asm-<application name>}), so a repeat is harmless and each service owns the fields it wrote.
 */
public final class ServerSideApply {

    private static final class FieldManager {
        static final String NAME = "asm-"
                + ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.application.name", String.class)
                        .orElse("control-plane");
    }

    private ServerSideApply() {}

    public static <T extends HasMetadata> T apply(KubernetesClient k, T object) {
        return k.resource(object)
                .fieldManager(FieldManager.NAME)
                .forceConflicts()
                .serverSideApply();
    }

    /** A custom resource (Istio's ServiceEntry, WorkloadEntry, ...) of the kind {@code context} names. */
    public static GenericKubernetesResource apply(
            KubernetesClient k, ResourceDefinitionContext context, GenericKubernetesResource object) {
        return k.genericKubernetesResources(context)
                .inNamespace(object.getMetadata().getNamespace())
                .resource(object)
                .fieldManager(FieldManager.NAME)
                .forceConflicts()
                .serverSideApply();
    }

    /**
     * A cluster-scoped object written as JSON once for many API servers, as {@link #apply(KubernetesClient,
     * Prepared)} sends it: for large objects applied everywhere alike (Istio's CRDs, about 1 MB), whose typed
     * serialization and the parse of the server's answer cost more than the write itself.
     */
    public record Prepared(String path, String json) {

        public static Prepared of(HasMetadata clusterScoped) {
            String apiVersion = clusterScoped.getApiVersion();
            String path = (apiVersion.contains("/") ? "apis/" : "api/")
                    + apiVersion
                    + "/"
                    + clusterScoped.getPlural()
                    + "/"
                    + clusterScoped.getMetadata().getName();
            return new Prepared(path, Serialization.asJson(clusterScoped));
        }
    }

    /** Applies a prepared object; the server's answer is only checked for success, not read. */
    public static void apply(KubernetesClient k, Prepared object) {
        HttpClient http = k.getHttpClient();
        String master = k.getConfiguration().getMasterUrl();
        long timeoutMs = k.getConfiguration().getRequestTimeout();
        String uri = master + (master.endsWith("/") ? "" : "/") + object.path() + "?fieldManager=" + FieldManager.NAME
                + "&force=true";
        try {
            HttpResponse<byte[]> answer = http.sendAsync(
                            http.newHttpRequestBuilder()
                                    .uri(uri)
                                    .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                                    .method("PATCH", "application/apply-patch+yaml", object.json())
                                    .build(),
                            byte[].class)
                    .get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            if (!answer.isSuccessful()) {
                byte[] body = answer.body() == null ? new byte[0] : answer.body();
                throw new KubernetesClientException(
                        "Apply of " + object.path() + " failed: "
                                + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8),
                        answer.code(),
                        null);
            }
        } catch (ExecutionException e) {
            throw new KubernetesClientException("Apply of " + object.path() + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new KubernetesClientException("Apply of " + object.path() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("Apply of " + object.path() + " interrupted", e);
        }
    }
}
