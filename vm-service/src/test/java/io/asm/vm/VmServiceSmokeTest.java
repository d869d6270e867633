package io.asm.vm;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.ServiceSmokeTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class VmServiceSmokeTest extends ServiceSmokeTest {

    @Override
    protected String schema() {
        return "vm";
    }
}
