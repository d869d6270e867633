-- Retention (EventPurge): old delivered events and old inbox ids are deleted in small batches. These indexes let a
-- batch find its rows, and the cascade from outbox_event find the deliveries, without scanning the tables.
CREATE INDEX outbox_event_created ON outbox_event (created_at);
CREATE INDEX outbox_delivery_event ON outbox_delivery (event_id);
CREATE INDEX inbox_received ON inbox (received_at);
