package io.asm.observability.grafana;

import static io.asm.observability.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.devkit.PostgresResource;
import io.asm.observability.Events;
import io.asm.observability.grafana.StandInGrafana.Received;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Grafana push follows the events, sends what Grafana's API expects, and outlasts a Grafana that is down. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StandInGrafana.class)
class GrafanaPushTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "acc-grafana";

    @AfterEach
    void up() {
        StandInGrafana.down(false);
    }

    @Test
    void aMeshFolderIsPushedWhenAClusterAttachesAndRemovedWhenTheLastOneLeaves() throws Exception {
        String mesh = Events.newMeshId();
        String folder = "asm-" + mesh;
        Events.meshCreated(mesh, ACCOUNT);
        Events.attached(mesh, "g-1", ACCOUNT);
        await("six dashboards pushed", () -> dashboardPushes(mesh).size() == 6);

        List<Received> forMesh = received(mesh);
        Received lookup = forMesh.get(0);
        assertEquals("GET", lookup.method());
        assertEquals("/api/folders/" + folder, lookup.path());
        Received create = forMesh.get(1);
        assertEquals("POST", create.method());
        assertEquals("/api/folders", create.path());
        assertEquals("Bearer " + StandInGrafana.TOKEN, create.authorization());
        assertTrue(create.contentType().startsWith("application/json"), create.contentType());
        JsonNode folderBody = JSON.readTree(create.body());
        assertEquals(folder, folderBody.path("uid").asText());
        assertEquals("ASM " + mesh, folderBody.path("title").asText());
        assertTrue(StandInGrafana.hasFolder(folder));

        List<JsonNode> pushes = dashboardPushes(mesh);
        assertEquals(
                Set.of("mesh", "svc", "wkld", "perf", "ctrl", "alog").stream()
                        .map(p -> p + "-" + mesh)
                        .collect(Collectors.toSet()),
                pushes.stream()
                        .map(p -> p.path("dashboard").path("uid").asText())
                        .collect(Collectors.toSet()));
        for (JsonNode push : pushes) {
            assertEquals(folder, push.path("folderUid").asText());
            assertTrue(push.path("overwrite").asBoolean());
            assertTrue(push.path("dashboard").path("id").isNull(), "a new dashboard has no numeric id");
            assertEquals(
                    "datasource",
                    push.path("dashboard")
                            .path("templating")
                            .path("list")
                            .get(0)
                            .path("type")
                            .asText());
            assertTrue(push.path("dashboard").path("panels").size() >= 5);
        }

        // A second member keeps the folder when the first leaves; the last one leaving takes it down.
        Events.attached(mesh, "g-2", ACCOUNT);
        Events.detached(mesh, "g-1", ACCOUNT);
        Thread.sleep(1500);
        assertTrue(StandInGrafana.hasFolder(folder));
        assertTrue(received(mesh).stream().noneMatch(r -> r.method().equals("DELETE")));
        Events.detached(mesh, "g-2", ACCOUNT);
        await("the folder deleted", () -> !StandInGrafana.hasFolder(folder));
        Received delete = received(mesh).get(received(mesh).size() - 1);
        assertEquals("DELETE", delete.method());
        assertEquals("/api/folders/" + folder, delete.path());
        assertEquals("Bearer " + StandInGrafana.TOKEN, delete.authorization());
    }

    @Test
    void pushesWaitForAGrafanaThatIsDownAndArriveWhenItIsBack() throws Exception {
        String mesh = Events.newMeshId();
        String folder = "asm-" + mesh;
        StandInGrafana.down(true);
        Events.meshCreated(mesh, ACCOUNT);
        Events.attached(mesh, "d-1", ACCOUNT);
        Thread.sleep(2000);
        assertTrue(received(mesh).isEmpty(), "Grafana is down: nothing arrived");
        StandInGrafana.down(false);
        await(
                "the dashboards pushed once Grafana is back",
                () -> dashboardPushes(mesh).size() == 6);
        assertTrue(StandInGrafana.hasFolder(folder));

        StandInGrafana.down(true);
        Events.meshDeleted(mesh, ACCOUNT);
        Thread.sleep(2000);
        assertTrue(StandInGrafana.hasFolder(folder), "Grafana is down: the folder cannot have gone");
        StandInGrafana.down(false);
        await("the deleted mesh's folder removed once Grafana is back", () -> !StandInGrafana.hasFolder(folder));
        // The clusters of a deleted mesh leave it afterwards: that brings nothing back.
        Events.detached(mesh, "d-1", ACCOUNT);
        Events.attached(mesh, "d-1", ACCOUNT);
        Thread.sleep(1500);
        assertFalse(StandInGrafana.hasFolder(folder));
    }

    private static List<Received> received(String mesh) {
        return StandInGrafana.received().stream()
                .filter(r -> r.path().contains(mesh) || r.body().contains(mesh))
                .toList();
    }

    private static List<JsonNode> dashboardPushes(String mesh) {
        return received(mesh).stream()
                .filter(r -> r.path().equals("/api/dashboards/db"))
                .map(r -> {
                    try {
                        return JSON.readTree(r.body());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
