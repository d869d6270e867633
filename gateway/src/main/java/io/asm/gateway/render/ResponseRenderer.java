package io.asm.gateway.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.context.AsmHeaders;
import io.asm.common.context.InternalConfig;
import io.asm.common.context.RequestContext;
import io.asm.common.error.AsmException;
import io.asm.common.error.ErrorEnvelope;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Step 6 of the chain: JSON (flat object, {@code RequestId} first) or XML ({@code <ActionResponse>} root, lists as
 * repeated elements), with the request id also in {@code x-acs-request-id}. Errors use the one {@link ErrorEnvelope}.
 */
@ApplicationScoped
public class ResponseRenderer {

    public static final String XML_TYPE = "text/xml;charset=utf-8";

    @Inject
    ObjectMapper json;

    @Inject
    InternalConfig internal;

    public Response success(String action, String requestId, ObjectNode body, boolean xml) {
        ObjectNode out = json.createObjectNode();
        out.put("RequestId", requestId);
        body.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("RequestId")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return render(200, requestId, xml ? xml(action + "Response", out) : out.toString(), xml);
    }

    /**
     * A service's JSON object with {@code RequestId} put first. For JSON the service's bytes are passed through
     * (building a tree to write it out again cost the gateway a tenth of its CPU); XML needs the tree.
     */
    public Response success(String action, String requestId, byte[] serviceJson, boolean xml) {
        String body = new String(serviceJson, StandardCharsets.UTF_8);
        if (xml || body.contains("\"RequestId\"")) {
            try {
                return success(action, requestId, (ObjectNode) json.readTree(body), xml);
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException(
                        "a service answered " + action + " with a body that is not a JSON object", e);
            }
        }
        int open = body.indexOf('{');
        String rest = body.substring(open + 1).strip();
        StringBuilder out = new StringBuilder(body.length() + 64).append("{\"RequestId\":");
        try {
            out.append(json.writeValueAsString(requestId));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return render(
                200,
                requestId,
                out.append(rest.equals("}") ? "" : ",").append(rest).toString(),
                false);
    }

    public Response error(ErrorEnvelope envelope, int status, boolean xml) {
        String body = xml
                ? xml("Error", json.valueToTree(envelope))
                : json.valueToTree(envelope).toString();
        return render(status, envelope.requestId(), body, xml);
    }

    /** The same envelope, written straight on Vert.x, for a request that never became a JAX-RS call. */
    public void error(HttpServerResponse response, AsmException error) {
        ErrorEnvelope envelope =
                ErrorEnvelope.of(RequestContext.newRequestId(), internal.hostId(), error.code(), error.getMessage());
        response.setStatusCode(error.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, ErrorEnvelope.JSON_TYPE)
                .putHeader(AsmHeaders.ACS_REQUEST_ID, envelope.requestId())
                .end(json.valueToTree(envelope).toString());
    }

    private static Response render(int status, String requestId, String body, boolean xml) {
        return Response.status(status)
                .entity(body)
                .type(xml ? XML_TYPE : ErrorEnvelope.JSON_TYPE)
                .header(AsmHeaders.ACS_REQUEST_ID, requestId)
                .build();
    }

    static String xml(String root, JsonNode node) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        element(sb, root, node);
        return sb.toString();
    }

    private static void element(StringBuilder sb, String name, JsonNode node) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                element(sb, name, item);
            }
            return;
        }
        sb.append('<').append(name).append('>');
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                element(sb, e.getKey(), e.getValue());
            }
        } else if (!node.isNull()) {
            escape(sb, node.asText());
        }
        sb.append("</").append(name).append('>');
    }

    /** Markup escaped; what XML 1.0 cannot carry at all (most controls, U+FFFE, U+FFFF, lone surrogates) a space. */
    private static void escape(StringBuilder sb, String text) {
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (xmlChar(c)) {
                        sb.appendCodePoint(c);
                    } else {
                        sb.append(' ');
                    }
                }
            }
        });
    }

    /** XML 1.0's Char production. */
    private static boolean xmlChar(int c) {
        return c == '\t'
                || c == '\n'
                || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
