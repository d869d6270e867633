package io.asm.devkit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.PutHandler;
import io.fabric8.kubernetes.client.server.mock.crud.PostHandler;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The fabric8 CRUD dispatcher plus server-side apply, which it lacks (an apply patch gets 404 when the object is
 * absent and 415 when it exists): an apply becomes create-when-absent, replace-when-present (lists replaced,
 * not merged, as for Istio's atomic lists). Close enough for a simulator; field ownership is not tracked. Also
 * answers {@code /version}, which the CRUD dispatcher leaves to expectations.
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final PostHandler create;
    private final PutHandler replace;
    private final String version;

    ApplyingCrudDispatcher(VersionInfo version) {
        this.create = new PostHandler(new KubernetesAttributesExtractor(), this);
        this.replace = new PutHandler(this);
        this.version = Serialization.asJson(version);
    }

    @Override
    public MockResponse handleGet(String path) {
        if ("/version".equals(path)) {
            return new MockResponse().setResponseCode(200).setBody(version);
        }
        return super.handleGet(path);
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
            return super.handlePatch(request);
        }
        String path = request.getPath();
        String itemPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        synchronized (this) {
            try {
                String body = asJson(request.getBody().readUtf8());
                if (handleGet(itemPath).code() == 404) {
                    String collectionPath = itemPath.substring(0, itemPath.lastIndexOf('/'));
                    return create.handle(collectionPath, "application/json", body);
                }
                return replace.handle(itemPath, "application/json", body);
            } catch (KubernetesCrudDispatcherException e) {
                return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
            }
        }
    }

    /** Apply bodies may be YAML; fabric8 sends JSON, which is YAML too. */
    private static String asJson(String yamlOrJson) {
        JsonNode node = Serialization.unmarshal(yamlOrJson, JsonNode.class);
        return Serialization.asJson(node);
    }
}
