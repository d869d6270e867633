-- The UID of the istio-system namespace joining created on the cluster (null when it was there before): leaving
-- deletes istio-system only while it is that very namespace.
ALTER TABLE cluster ADD COLUMN istio_system_uid text;
