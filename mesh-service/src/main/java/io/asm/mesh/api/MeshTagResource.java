package io.asm.mesh.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.mesh.domain.MeshTags;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;

/**
 * ListTagResources, TagResources, UntagResources for meshes (ResourceType {@code servicemesh}, which the gateway
 * checks). Lists arrive as the gateway passes flattened parameters on: repeated query parameters, or JSON arrays.
 */
@Path("/tags")
@Produces(MediaType.APPLICATION_JSON)
public class MeshTagResource {

    /** One tag, as Tag.N.Key and Tag.N.Value (read with Jackson from the JSON text of the parameter). */
    @RegisterForReflection
    public record TagParam(
            @JsonProperty("Key") String key,
            @JsonProperty("Value") String value) {
        MeshTags.Tag tag() {
            return new MeshTags.Tag(key, value == null ? "" : value);
        }
    }

    public record TagRequest(
            @JsonProperty("ResourceType") String resourceType,
            @JsonProperty("ResourceId") List<String> resourceIds,
            @JsonProperty("Tag") List<TagParam> tags) {}

    public record TagResource(
            @JsonProperty("ResourceId") String resourceId,
            @JsonProperty("ResourceType") String resourceType,
            @JsonProperty("TagKey") String tagKey,
            @JsonProperty("TagValue") String tagValue) {}

    /** The provider reads {@code TagResources} as a flat array (tagsToMap), not wrapped in {@code TagResource}. */
    public record TagPage(
            @JsonProperty("NextToken") String nextToken,
            @JsonProperty("TagResources") List<TagResource> tagResources) {}

    @Inject
    MeshTags tags;

    @Inject
    RequestContext context;

    @Inject
    ObjectMapper json;

    @GET
    public TagPage list(
            @QueryParam("ResourceId") List<String> resourceIds,
            @QueryParam("Tag") List<String> tagFilter,
            @QueryParam("NextToken") String nextToken) {
        List<MeshTags.Tag> having =
                tagFilter.stream().map(this::parseTag).map(TagParam::tag).toList();
        MeshTags.Page page = tags.list(context.requireAccountId(), resourceIds, having, nextToken);
        return new TagPage(
                page.nextToken(),
                page.tags().stream()
                        .map(t -> new TagResource(t.resourceId(), MeshTags.RESOURCE_TYPE, t.key(), t.value()))
                        .toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public MeshResponses.Done tag(TagRequest request) {
        if (request == null
                || request.resourceIds() == null
                || request.resourceIds().isEmpty()) {
            throw AsmError.missing("ResourceId.1");
        }
        if (request.tags() == null || request.tags().isEmpty()) {
            throw AsmError.missing("Tag.1.Key");
        }
        tags.tag(
                context.requireAccountId(),
                request.resourceIds(),
                request.tags().stream().map(TagParam::tag).toList());
        return new MeshResponses.Done();
    }

    @DELETE
    public MeshResponses.Done untag(
            @QueryParam("ResourceId") List<String> resourceIds,
            @QueryParam("TagKey") List<String> keys,
            @QueryParam("All") @DefaultValue("false") boolean all) {
        if (resourceIds.isEmpty()) {
            throw AsmError.missing("ResourceId.1");
        }
        tags.untag(context.requireAccountId(), resourceIds, keys, all);
        return new MeshResponses.Done();
    }

    private TagParam parseTag(String text) {
        try {
            return json.readValue(text, TagParam.class);
        } catch (IOException e) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "Tag", "Each filter tag is a {Key, Value} object.");
        }
    }
}
