package io.asm.devkit.sim;

import io.asm.istio.IstioCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What every simulated API server shares instead of holding its own copy: the Vert.x instance that serves it, the HTTP
 * client and JSON mapper of the simulator's own clients, the version it reports, and Istio's CRDs (about 1 MB of
 * JSON, stored once and referenced by every server that has them).
 */
final class SharedParts implements ApplyingCrudDispatcher.Shared, AutoCloseable {

    static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    /** One stored object as a CRUD dispatcher keeps it; the same instances go into every server. */
    record StoredObject(String collectionPath, AttributeSet key, GenericKubernetesResource resource, String json) {}

    final VersionInfo version = new VersionInfo.Builder()
            .withMajor("1")
            .withMinor("30")
            .withGitVersion("v1.30.0-asm-sim")
            .withPlatform("linux/amd64")
            .build();

    /** Serves every simulated API server and carries the simulator's own clients. */
    final Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(4).setInternalBlockingPoolSize(4));

    private final VertxHttpClientFactory httpClients = new VertxHttpClientFactory(vertx);
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private volatile List<StoredObject> istioCrds;
    private volatile Map<String, StoredObject> istioCrdsByName;

    /** A client of one simulated server for the simulator's own work, on the shared HTTP client and mapper. */
    KubernetesClient client(String kubeconfig) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .withHttpClientFactory(httpClients)
                .withKubernetesSerialization(serialization)
                .build();
    }

    /** Istio's CRDs as a server stores them, made once (through a throwaway dispatcher, so exactly as created). */
    List<StoredObject> istioCrds() {
        if (istioCrds == null) {
            synchronized (this) {
                if (istioCrds == null) {
                    List<StoredObject> crds = store(
                            IstioCrds.all().stream().map(Serialization::asJson).toList());
                    istioCrdsByName = crds.stream()
                            .collect(Collectors.toUnmodifiableMap(
                                    c -> c.resource().getMetadata().getName(), c -> c));
                    istioCrds = crds;
                }
            }
        }
        return istioCrds;
    }

    /** Istio's CRDs of these names, as stored (restoring a server that held them). */
    List<StoredObject> istioCrds(Collection<String> names) {
        istioCrds();
        return names.stream().map(istioCrdsByName::get).filter(Objects::nonNull).toList();
    }

    /** Shared JSON instance → the name of the CRD it holds, to tell shared objects from a server's own. */
    Map<String, String> sharedNames() {
        Map<String, String> names = new IdentityHashMap<>();
        istioCrds().forEach(c -> names.put(c.json(), c.resource().getMetadata().getName()));
        return names;
    }

    /**
     * The form in which a server stores an object: an Istio CRD equal to the shared one (same name and spec, as
     * mesh-service applies them to every mesh API server) is stored as the shared instance; anything else as itself.
     */
    @Override
    public String canonical(GenericKubernetesResource resource, String json) {
        if (!"CustomResourceDefinition".equals(resource.getKind()) || resource.getMetadata() == null) {
            return json;
        }
        istioCrds();
        StoredObject crd = istioCrdsByName.get(resource.getMetadata().getName());
        return crd != null
                        && Objects.equals(
                                crd.resource().getAdditionalProperties().get("spec"),
                                resource.getAdditionalProperties().get("spec"))
                ? crd.json()
                : json;
    }

    /**
     * Per Istio CRD path, the apply body found to create exactly the shared CRD (mesh-service sends the same bytes to
     * every mesh API server): later servers take the shared instance in without parsing it again.
     */
    private final Map<String, String> creatingBodies = new ConcurrentHashMap<>();

    @Override
    public StoredObject createdBy(String itemPath, String body) {
        String learned = creatingBodies.get(itemPath);
        return learned != null && learned.equals(body) ? crdAt(itemPath) : null;
    }

    @Override
    public void created(String itemPath, String body) {
        StoredObject crd = crdAt(itemPath);
        if (crd != null
                && !body.equals(creatingBodies.get(itemPath))
                && canonical(Serialization.unmarshal(body, GenericKubernetesResource.class), body) == crd.json()) {
            creatingBodies.put(itemPath, body);
        }
    }

    private StoredObject crdAt(String itemPath) {
        if (!itemPath.startsWith(CRDS + "/")) {
            return null;
        }
        istioCrds();
        return istioCrdsByName.get(itemPath.substring(CRDS.length() + 1));
    }

    private List<StoredObject> store(List<String> crds) {
        ApplyingCrudDispatcher template = new ApplyingCrudDispatcher(version, (resource, json) -> json);
        Headers json = Headers.builder().add("Content-Type", "application/json").build();
        for (String crd : crds) {
            template.dispatch(new RecordedRequest(
                    "HTTP/1.1", HttpMethod.POST, CRDS, json, new Buffer(crd.getBytes(StandardCharsets.UTF_8))));
        }
        return template.getMap().entrySet().stream()
                .map((Map.Entry<AttributeSet, String> e) -> new StoredObject(
                        CRDS,
                        e.getKey(),
                        Serialization.unmarshal(e.getValue(), GenericKubernetesResource.class),
                        e.getValue()))
                .toList();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
