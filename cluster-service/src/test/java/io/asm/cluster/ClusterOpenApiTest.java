package io.asm.cluster;

import io.asm.devkit.OpenApiContractTest;
import io.asm.devkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class ClusterOpenApiTest extends OpenApiContractTest {}
