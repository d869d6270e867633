package io.asm.mesh;

import io.asm.devkit.OpenApiContractTest;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MeshOpenApiTest extends OpenApiContractTest {

    /**
     * Done is an answer with only the gateway's RequestId; UpdateFeatures and KialiUpdate are keyed by parameter name.
     */
    @Override
    protected Set<String> schemasWithoutFields() {
        return Set.of("Done", "UpdateFeatures", "KialiUpdate");
    }
}
