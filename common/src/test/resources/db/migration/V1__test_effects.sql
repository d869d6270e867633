-- A table standing in for a consumer's state, to count the effects of handled events.
CREATE TABLE test_effect (event_id text NOT NULL, aggregate_id text NOT NULL);
