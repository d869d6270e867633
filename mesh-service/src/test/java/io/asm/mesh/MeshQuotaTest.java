package io.asm.mesh;

import static io.asm.mesh.MeshLifecycleTest.as;
import static io.asm.mesh.MeshLifecycleTest.create;
import static io.asm.mesh.MeshLifecycleTest.meshParams;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.asm.devkit.PostgresResource;
import io.asm.devkit.SimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** CreateServiceMesh past the account's quota is refused with QuotaExceeded.ServiceMesh; deleting frees a slot. */
@QuarkusTest
@TestProfile(MeshQuotaTest.TwoMeshes.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(SimulatorResource.class)
class MeshQuotaTest {

    public static class TwoMeshes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("asm.quota.meshes-per-account", "2");
        }
    }

    static final Map<String, Object> PARAMS = meshParams();

    @Test
    void theThirdMeshOfAnAccountIsRefusedUntilOneIsDeleted() {
        String first = create("quota-a", PARAMS);
        create("quota-a", PARAMS);

        Response refused = as("quota-a").body(PARAMS).post("/meshes");
        assertEquals(400, refused.statusCode());
        assertEquals("QuotaExceeded.ServiceMesh", refused.path("Code"));
        assertEquals(
                "The quota of service meshes per account (2) is used up: delete a service mesh first, or ask the"
                        + " operator to raise asm.quota.meshes-per-account.",
                refused.path("Message"));
        assertEquals(
                2, as("quota-a").get("/meshes").then().statusCode(200).extract().<Integer>path("TotalCount"));

        // Another account has its own quota.
        create("quota-b", PARAMS);

        // A mesh being deleted no longer counts.
        as("quota-a").delete("/meshes/" + first).then().statusCode(200);
        create("quota-a", PARAMS);
    }

    @Test
    void concurrentCreatesCannotBothTakeTheLastSlot() throws Exception {
        Callable<String> attempt =
                () -> as("quota-c").body(PARAMS).post("/meshes").path("Code");
        var pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> answers =
                    pool.invokeAll(IntStream.range(0, 6).mapToObj(i -> attempt).toList());
            long refused = 0;
            for (Future<String> answer : answers) {
                if ("QuotaExceeded.ServiceMesh".equals(answer.get())) {
                    refused++;
                }
            }
            assertEquals(4, refused);
        } finally {
            pool.shutdown();
        }
        assertEquals(
                2, as("quota-c").get("/meshes").then().statusCode(200).extract().<Integer>path("TotalCount"));
    }
}
