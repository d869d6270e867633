package io.asm.vm;

import io.asm.devkit.OpenApiContractTest;
import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The resources are VmMetaTest's, so both run in one application start. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
@QuarkusTestResource(StandInControlPlane.class)
class VmOpenApiTest extends OpenApiContractTest {}
