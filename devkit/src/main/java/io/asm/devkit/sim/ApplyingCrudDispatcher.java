package io.asm.devkit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.PostHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The fabric8 CRUD dispatcher plus server-side apply, which it lacks (an apply patch gets 404 when the object is
 * absent and 415 when it exists): an apply becomes create-when-absent, merge-when-present (objects merged, lists
 * replaced as for Istio's atomic lists). Close enough for a simulator; field ownership is not tracked, so a field
 * an applier stops sending stays. Also
 * answers {@code /version}, which the CRUD dispatcher leaves to expectations, and API discovery ({@link Discovery}).
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String NOT_FOUND =
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}";

    private final PostHandler create;
    private final PutHandler replace;
    private final String version;

    /** Objects stored once for many servers (Istio's CRDs). */
    interface Shared {
        /** The form in which an object is stored: a shared instance when it equals a shared object, else its own. */
        String canonical(GenericKubernetesResource resource, String json);

        /** The shared object that an apply of {@code body} creates at {@code itemPath}, if known; else null. */
        default SharedParts.StoredObject createdBy(String itemPath, String body) {
            return null;
        }

        /** An apply of {@code body} created the object at {@code itemPath}. */
        default void created(String itemPath, String body) {}
    }

    private final Shared shared;

    ApplyingCrudDispatcher(VersionInfo version, Shared shared) {
        this.shared = shared;
        this.create = new PostHandler(new KubernetesAttributesExtractor(), this);
        this.replace = new PutHandler(this);
        this.version = Serialization.asJson(version);
    }

    @Override
    public MockResponse handleGet(String path) {
        if ("/version".equals(path)) {
            return new MockResponse().setResponseCode(200).setBody(version);
        }
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path; // kubectl adds ?timeout=
        if (bare.startsWith("/openapi/")) {
            // v2: an empty schema document (an empty protobuf message), so kubectl's validation knows no kind and
            // checks nothing, as against a server without schemas, instead of refusing to apply; v3: none.
            return "/openapi/v2".equals(bare)
                    ? new MockResponse()
                            .setResponseCode(200)
                            .setHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
                            .setBody(new byte[0])
                    : new MockResponse().setResponseCode(404).setBody(NOT_FOUND);
        }
        if (Discovery.handles(bare)) {
            return Discovery.document(
                            bare, () -> super.handleGet(CRDS).getBody().readUtf8())
                    .map(doc -> new MockResponse().setResponseCode(200).setBody(doc))
                    .orElseGet(() -> new MockResponse().setResponseCode(404).setBody(NOT_FOUND));
        }
        return super.handleGet(path);
    }

    private final AtomicLong writes = new AtomicLong();

    /**
     * Counts requests that may have changed something, so the snapshot and the kubelet can skip unchanged clusters
     * cheaply. Counted once handled: whoever reads a new count also sees the change.
     */
    long writes() {
        return writes.get();
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return counted(() -> super.handleUpdate(request));
    }

    @Override
    public MockResponse handleDelete(String path) {
        return counted(() -> super.handleDelete(path));
    }

    private MockResponse counted(Supplier<MockResponse> write) {
        try {
            return write.get();
        } finally {
            writes.incrementAndGet();
        }
    }

    @Override
    public void processEvent(
            String path,
            AttributeSet pathAttributes,
            AttributeSet oldAttributes,
            GenericKubernetesResource resource,
            String newState) {
        super.processEvent(
                path,
                pathAttributes,
                oldAttributes,
                resource,
                newState == null || resource == null ? newState : shared.canonical(resource, newState));
    }

    /** Takes in objects stored once for many servers: the same JSON instances, so they cost this server nothing. */
    void adopt(List<SharedParts.StoredObject> objects) {
        objects.forEach(o -> processEvent(o.collectionPath(), o.key(), null, o.resource(), o.json()));
    }

    /** Every stored object as JSON, for the simulator's snapshot. */
    List<String> objects() {
        synchronized (map) {
            return List.copyOf(map.values());
        }
    }

    /** TokenRequest (the serviceaccounts/token subresource) returns a fresh token; the simulator accepts any. */
    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return counted(() -> created(request));
    }

    private MockResponse created(RecordedRequest request) {
        if (!request.getPath().matches("/api/v1/namespaces/[^/]+/serviceaccounts/[^/?]+/token(\\?.*)?")) {
            return super.handleCreate(request);
        }
        ObjectNode tokenRequest =
                (ObjectNode) Serialization.unmarshal(request.getBody().readUtf8(), JsonNode.class);
        long seconds = tokenRequest.path("spec").path("expirationSeconds").asLong(3600);
        ObjectNode status = tokenRequest.putObject("status");
        status.put("token", "sim." + UUID.randomUUID().toString().replace("-", ""));
        status.put(
                "expirationTimestamp",
                Instant.now()
                        .plusSeconds(seconds)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString());
        return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(tokenRequest));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        boolean[] wrote = {true};
        try {
            return patched(request, wrote);
        } finally {
            if (wrote[0]) {
                writes.incrementAndGet();
            }
        }
    }

    /** {@code wrote[0]} is cleared for an apply that changed nothing, so the kubelet and snapshot skip the server. */
    private MockResponse patched(RecordedRequest request, boolean[] wrote) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
            return super.handlePatch(request);
        }
        String path = request.getPath();
        String itemPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        synchronized (this) {
            try {
                String body = request.getBody().readUtf8();
                MockResponse current = handleGet(itemPath);
                if (current.code() == 404) {
                    // A body that created a shared object before (an Istio CRD, on every mesh API server) is not
                    // parsed and stored again: the shared instance is taken in.
                    SharedParts.StoredObject known = shared.createdBy(itemPath, body);
                    if (known != null) {
                        adopt(List.of(known));
                        return new MockResponse().setResponseCode(201).setBody(known.json());
                    }
                    String collectionPath = itemPath.substring(0, itemPath.lastIndexOf('/'));
                    MockResponse created = create.handle(
                            collectionPath,
                            "application/json",
                            Serialization.asJson(Serialization.unmarshal(body, JsonNode.class)));
                    if (created.code() / 100 == 2) {
                        shared.created(itemPath, body);
                    }
                    return created;
                }
                JsonNode applied = Serialization.unmarshal(body, JsonNode.class);
                // Merged into what is there, as fields other managers own survive a real apply (a token controller's
                // token, a kubelet's status); applying never touches status, the status subresource's business.
                String stored = current.getBody().readUtf8();
                ObjectNode merged = (ObjectNode) Serialization.unmarshal(stored, JsonNode.class);
                boolean changed = false;
                if (applied instanceof ObjectNode object) {
                    object.remove("status");
                    changed = merge(merged, object);
                }
                // An apply that changes nothing leaves the object (and its resourceVersion) as it is, as a real
                // server's does: no write, no new copy of a shared object.
                if (!changed) {
                    wrote[0] = false;
                    return new MockResponse().setResponseCode(200).setBody(stored);
                }
                return replace.handle(itemPath, "application/json", Serialization.asJson(merged));
            } catch (KubernetesCrudDispatcherException e) {
                return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
            }
        }
    }

    /** RFC 7386 JSON merge: objects merge field by field, anything else is replaced, null removes; true if it changed. */
    private static boolean merge(ObjectNode target, ObjectNode patch) {
        boolean changed = false;
        for (var fields = patch.fields(); fields.hasNext(); ) {
            var e = fields.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                changed |= target.remove(e.getKey()) != null;
            } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode existing) {
                changed |= merge(existing, (ObjectNode) value);
            } else {
                changed |= !value.equals(target.replace(e.getKey(), value));
            }
        }
        return changed;
    }
}
