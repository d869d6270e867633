package io.asm.common.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
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
            if (clusterScoped instanceof Namespaced || clusterScoped instanceof GenericKubernetesResource) {
                // no namespace in the path; a generic resource's plural is not its class's
                throw new IllegalArgumentException(
                        "A typed cluster-scoped object is needed: " + clusterScoped.getKind());
            }
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

    /** Applies a prepared object; the server's answer is only checked for success, not parsed. */
    public static void apply(KubernetesClient k, Prepared object) {
        HttpClient http = k.getHttpClient();
        String master = k.getConfiguration().getMasterUrl();
        Integer configured = k.getConfiguration().getRequestTimeout();
        long timeoutMs = configured == null || configured <= 0 ? DEFAULT_TIMEOUT_MS : configured;
        String uri = master + (master.endsWith("/") ? "" : "/") + object.path() + "?fieldManager="
                + URLEncoder.encode(FieldManager.NAME, StandardCharsets.UTF_8) + "&force=true";
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(
                http.newHttpRequestBuilder()
                        .uri(uri)
                        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                        .method("PATCH", "application/apply-patch+yaml", object.json())
                        .build(),
                byte[].class);
        try {
            HttpResponse<byte[]> answer = call.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
            if (!answer.isSuccessful()) {
                throw new KubernetesClientException(refusal(object, answer.code(), answer.body()));
            }
        } catch (ExecutionException e) {
            throw new KubernetesClientException("Apply of " + object.path() + " failed", e.getCause());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new KubernetesClientException("Apply of " + object.path() + " timed out", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("Apply of " + object.path() + " interrupted", e);
        }
    }

    /** For a client without a request timeout (0: none, in fabric8): every outbound call has one here. */
    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    /** The server's Status (its message), as the typed path reports a refusal. */
    private static Status refusal(Prepared object, int code, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        Status status;
        try {
            status = Serialization.unmarshal(text, Status.class);
        } catch (RuntimeException notStatus) {
            status = null;
        }
        if (status == null || status.getMessage() == null) {
            status = new StatusBuilder()
                    .withMessage(text.length() > 300 ? text.substring(0, 300) : text)
                    .build();
        }
        status.setCode(code);
        status.setMessage("Apply of " + object.path() + " refused (" + code + "): " + status.getMessage());
        return status;
    }
}
