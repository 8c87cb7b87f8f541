-- reporting-api schema, version 7: the trail's request-id and client-address indexes are led by
-- the event's hour. Before, a request id (random) or an address (thousands of them) put each new
-- entry somewhere else in a tree of every event ever stored, so each H2 store rewrote thousands of
-- index pages holding a few new entries each (about 1.4 KiB of file per event). Led by the hour,
-- the current hour's entries share a few hundred pages; the price is that a lookup walks the
-- hours of its range, which retention keeps to a month by default.
-- event_hour: whole hours since 1970-01-01T00:00Z of event_time, written by ingest.

ALTER TABLE audit_events ADD COLUMN event_hour INTEGER;
UPDATE audit_events SET event_hour = CAST(FLOOR(EXTRACT(EPOCH FROM event_time) / 3600) AS INTEGER);
ALTER TABLE audit_events ALTER COLUMN event_hour SET NOT NULL;

DROP INDEX audit_events_by_request;
DROP INDEX audit_events_by_client_ip;
CREATE INDEX audit_events_by_request ON audit_events (event_hour, request_id);
CREATE INDEX audit_events_by_client_ip ON audit_events (event_hour, client_ip, event_time, event_id);
