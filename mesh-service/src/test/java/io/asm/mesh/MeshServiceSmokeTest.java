package io.asm.mesh;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.ServiceSmokeTest;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MeshServiceSmokeTest extends ServiceSmokeTest {

    @Override
    protected String schema() {
        return "mesh";
    }
}
