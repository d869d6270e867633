package io.asm.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Another service's error answer, {@code {Code, Message}} with its status, back into the AsmException it was: for the
 * REST clients ({@code @RegisterProvider}) and for the gateway's router, which reads bodies itself.
 */
public class ErrorEnvelopeDecoder implements ResponseExceptionMapper<AsmException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public AsmException toThrowable(Response response) {
        response.bufferEntity();
        try (InputStream body = response.readEntity(InputStream.class)) {
            return decode(response.getStatus(), body == null ? new byte[0] : body.readAllBytes())
                    .orElseGet(() -> new AsmException(AsmError.SERVICE_UNAVAILABLE));
        } catch (IOException | RuntimeException e) {
            return new AsmException(AsmError.SERVICE_UNAVAILABLE); // an answer nobody can read: the service is not well
        }
    }

    /** The service's own error, when {@code body} is an error envelope of a failed ({@code ≥ 400}) answer. */
    public static Optional<AsmException> decode(int status, byte[] body) {
        if (status < 400 || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.hasNonNull("Code")
                    ? Optional.of(new AsmException(
                            node.get("Code").asText(), node.path("Message").asText(""), status))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
