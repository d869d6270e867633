package io.asm.vm.client;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Another service's error answer becomes its own AsmException (code, message, status); anything else is unavailability. */
class InternalErrors implements ResponseExceptionMapper<AsmException> {

    @Override
    public AsmException toThrowable(Response response) {
        try {
            if (response.getMediaType() != null && response.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                Map<?, ?> body = response.readEntity(Map.class);
                if (body.get("Code") instanceof String code) {
                    return new AsmException(code, String.valueOf(body.get("Message")), response.getStatus());
                }
            }
        } catch (RuntimeException e) {
            // an unreadable body says no more than the status
        }
        return new AsmException(AsmError.SERVICE_UNAVAILABLE);
    }
}
