package io.asm.vm;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.asm.devkit.InternalCaller;
import io.asm.devkit.PackagedAppResource;
import io.asm.devkit.PackagedServiceTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged vm-service (jar, or native executable in the native profile): health, a typed event read once, and
 * AddVmAppToMesh's input refused with the official envelope before any other service is asked.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(PackagedAppResource.class)
class VmServiceIT extends PackagedServiceTest {

    @Test
    void aMeshDeletedEventIsReadOnce() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> event = Map.of(
                "specversion", "1.0",
                "id", id,
                "source", "/mesh-service",
                "type", "MeshDeleted",
                "subject", "cit0123456789",
                "data", Map.of("ServiceMeshId", "cit0123456789", "AccountId", "it-account"));
        for (boolean duplicate : new boolean[] {false, true}) {
            InternalCaller.internal()
                    .contentType("application/cloudevents+json")
                    .body(event)
                    .post("/events")
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id))
                    .body("duplicate", equalTo(duplicate));
        }
    }

    @Test
    void badInputIsRefusedWithTheEnvelope() {
        InternalCaller.as("it-account")
                .body(Map.of(
                        "Namespace", "hello",
                        "ServiceName", "http-service",
                        "Ips", "10.0.0.1",
                        "Ports", "http:80",
                        "Labels", "app=a b"))
                .post("/meshes/cit0123456789/vm-apps")
                .then()
                .statusCode(400)
                .body("Code", equalTo("InvalidParameter"))
                .body("Message", containsString("Labels"));
    }
}
