package io.asm.common.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.error.AsmException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorEnvelopeDecoderTest {

    @Test
    void anEnvelopeBecomesTheServicesOwnError() {
        byte[] body = ("{\"RequestId\":\"r\",\"Code\":\"ServiceMesh.NotFound\",\"Message\":\"The Service Mesh cluster"
                        + " does not exist.\"}")
                .getBytes(StandardCharsets.UTF_8);
        AsmException e = ErrorEnvelopeDecoder.decode(404, body).orElseThrow();
        assertEquals("ServiceMesh.NotFound", e.code());
        assertEquals("The Service Mesh cluster does not exist.", e.getMessage());
        assertEquals(404, e.httpStatus());
    }

    @Test
    void successesAndUnreadableBodiesAreNoEnvelope() {
        assertTrue(ErrorEnvelopeDecoder.decode(200, "{\"Code\":\"200\"}".getBytes(StandardCharsets.UTF_8))
                .isEmpty());
        assertTrue(ErrorEnvelopeDecoder.decode(502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8))
                .isEmpty());
        assertTrue(ErrorEnvelopeDecoder.decode(500, new byte[0]).isEmpty());
    }
}
