package io.asm.common.events.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asm.common.events.contract.MembershipEvent.ClusterAttached;
import io.asm.common.events.contract.MeshEvent.MeshCreated;
import io.asm.common.events.contract.MeshEvent.MeshUpgraded;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records speak the wire names the producers wrote as maps, so events already in outbox tables still parse. */
class EventRecordsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aMapWrittenEventReadsAsItsRecord() throws Exception {
        String written = json.writeValueAsString(Map.of("ServiceMeshId", "c1", "AccountId", "42", "Version", "v1.22"));
        assertEquals(new MeshUpgraded("c1", "42", "v1.22"), json.readValue(written, MeshUpgraded.class));
        String attached = "{\"ServiceMeshId\":\"c1\",\"ClusterId\":\"k1\",\"AccountId\":\"42\",\"Later\":true}";
        assertEquals(new ClusterAttached("c1", "k1", "42"), json.readValue(attached, ClusterAttached.class));
    }

    @Test
    void aRecordWritesTheWireNamesAndItsTypeIsItsName() throws Exception {
        MeshCreated created = new MeshCreated("c1", "42", "cn-hangzhou");
        assertEquals(
                Map.of("ServiceMeshId", "c1", "AccountId", "42", "RegionId", "cn-hangzhou"),
                json.readValue(json.writeValueAsString(created), Map.class));
        assertEquals("MeshCreated", DomainEvent.typeOf(created.getClass()));
        assertEquals("c1", created.aggregateId());
        assertEquals("k1", new ClusterAttached("c1", "k1", "42").aggregateId());
    }
}
