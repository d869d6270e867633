package io.asm.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.asm.common.error.AsmException;
import org.junit.jupiter.api.Test;

class ServiceRouterSegmentTest {

    @Test
    void segmentsAreEncodedAndDotSegmentsRefused() {
        assertEquals("a%2Fb%3F%23%20c", ServiceRouter.segment("ClusterId", "a/b?# c"));
        assertEquals("dp1", ServiceRouter.segment("ClusterId", "dp1"));
        for (String dots : new String[] {"", ".", ".."}) {
            AsmException e = assertThrows(AsmException.class, () -> ServiceRouter.segment("ClusterId", dots));
            assertEquals("InvalidParameter", e.code());
            assertEquals(
                    "The specified parameter \"ClusterId\" is not valid. It cannot be empty, '.' or '..'.",
                    e.getMessage());
        }
    }
}
