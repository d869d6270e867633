package io.asm.observability.api;

import io.asm.devkit.OpenApiContractTest;
import io.asm.devkit.PostgresResource;
import io.asm.observability.grafana.StandInGrafana;
import io.asm.observability.prometheus.StandInClusterService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The resources are ObservabilityActionsTest's, so both run in one application start. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInGrafana.class)
@QuarkusTestResource(StandInClusterService.class)
class ObservabilityOpenApiTest extends OpenApiContractTest {}
