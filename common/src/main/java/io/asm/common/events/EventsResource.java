package io.asm.common.events;

import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

/** The internal event endpoints: {@code POST /events} (consumer) and the parked-event admin list. */
@Path("/")
public class EventsResource {

    @Inject
    Inbox inbox;

    @Inject
    ParkedEvents parked;

    @POST
    @Path("events")
    @Consumes({CloudEvent.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Inbox.Receipt receive(CloudEvent event) {
        if (event == null || blank(event.id()) || blank(event.type()) || blank(event.source())) {
            throw new AsmException(AsmError.INVALID_PARAMETER, "event", "A CloudEvent needs id, source and type.");
        }
        return inbox.receive(event);
    }

    @GET
    @Path("admin/outbox/parked")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ParkedEvents.Parked> parked() throws SQLException {
        return parked.list();
    }

    @POST
    @Path("admin/outbox/parked/{deliveryId}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public ParkedEvents.Parked retry(@PathParam("deliveryId") long deliveryId) throws SQLException {
        ParkedEvents.Parked found = parked.list().stream()
                .filter(p -> p.deliveryId() == deliveryId)
                .findFirst()
                .orElseThrow(() -> new AsmException(AsmError.NOT_FOUND, "No parked delivery " + deliveryId + "."));
        parked.retry(deliveryId);
        return found;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
