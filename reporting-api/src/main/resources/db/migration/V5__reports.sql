-- reporting-api schema, version 5: what the reports read. The audit trail (every authentication
-- decision and every key lifecycle event), the usage windows in full (per developer and per key,
-- with their mergeable sketches), first and last use per key and developer, alerts, and how far
-- each ingested topic is complete. Standard SQL only, for H2 2.x and PostgreSQL 15 alike.
-- Ingest writes every table idempotently: by event id, alert id, or window key.

-- One row per AuthEvent, from both auth topics. Text fields are clipped to their column at ingest.
CREATE TABLE audit_events (
    event_id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    event_type          VARCHAR(16)              NOT NULL,
    event_time          TIMESTAMP WITH TIME ZONE NOT NULL,
    request_id          VARCHAR(128),
    gateway_node        VARCHAR(128),
    api_id              VARCHAR(128),
    route               VARCHAR(512),
    method              VARCHAR(16),
    path                VARCHAR(2048),
    status              INTEGER                  NOT NULL,
    latency_micros      BIGINT,
    upstream_micros     BIGINT,
    client_ip           VARCHAR(64),
    user_agent          VARCHAR(512),
    key_id              VARCHAR(64),
    key_hint            VARCHAR(8),
    credential_location VARCHAR(16),
    -- the methods used, comma-separated in the event's order, such as KEY or KEY,JWT
    auth_methods        VARCHAR(32),
    developer_id        VARCHAR(256),
    project_id          VARCHAR(64),
    reason              VARCHAR(32),
    ingested_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The trail is read newest first by one filter and a time range: (filter, event_time, event_id)
-- serves both the range and the cursor. event_id breaks ties between events of the same instant.
CREATE INDEX audit_events_by_time ON audit_events (event_time, event_id);
CREATE INDEX audit_events_by_developer ON audit_events (developer_id, event_time, event_id);
CREATE INDEX audit_events_by_key ON audit_events (key_id, event_time, event_id);
CREATE INDEX audit_events_by_client_ip ON audit_events (client_ip, event_time, event_id);
CREATE INDEX audit_events_by_request ON audit_events (request_id);

-- One row per KeyLifecycleEvent from the key-events topic: who created, revealed, rotated,
-- revoked a key and when. Kept apart from api_keys, which holds only the current state.
CREATE TABLE key_events (
    event_id       VARCHAR(64)              NOT NULL PRIMARY KEY,
    event_type     VARCHAR(16)              NOT NULL,
    event_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id         VARCHAR(64)              NOT NULL,
    project_id     VARCHAR(64),
    developer_id   VARCHAR(256),
    actor          VARCHAR(256)             NOT NULL,
    -- for UPDATED, the changed fields' names, comma-separated
    changes        VARCHAR(1024),
    related_key_id VARCHAR(64),
    ingested_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX key_events_by_key ON key_events (key_id, event_time, event_id);
CREATE INDEX key_events_by_developer ON key_events (developer_id, event_time, event_id);
CREATE INDEX key_events_by_time ON key_events (event_time, event_id);

-- The usage windows gain everything UsageWindow carries beyond its first counts. JSON columns hold
-- the window's maps and lists as the topic carried them; sketch columns hold base64 of the
-- serialized DataSketches sketch, merged in Java when a report spans several windows. NULL means
-- the record did not carry the field ("not known"), never zero.
ALTER TABLE usage_windows ADD COLUMN window_seconds INTEGER;
UPDATE usage_windows SET window_seconds = 60 WHERE window_end = window_start + INTERVAL '1' MINUTE;
UPDATE usage_windows SET window_seconds = 3600 WHERE window_end = window_start + INTERVAL '1' HOUR;
UPDATE usage_windows SET window_seconds = 86400 WHERE window_end = window_start + INTERVAL '1' DAY;
ALTER TABLE usage_windows ADD COLUMN first_event_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE usage_windows ADD COLUMN failures VARCHAR(4096);
ALTER TABLE usage_windows ADD COLUMN status_classes VARCHAR(1024);
ALTER TABLE usage_windows ADD COLUMN apis VARCHAR(1000000);
ALTER TABLE usage_windows ADD COLUMN top_endpoints VARCHAR(1000000);
ALTER TABLE usage_windows ADD COLUMN latency_p50_micros BIGINT;
ALTER TABLE usage_windows ADD COLUMN latency_p95_micros BIGINT;
ALTER TABLE usage_windows ADD COLUMN latency_p99_micros BIGINT;
ALTER TABLE usage_windows ADD COLUMN latency_max_micros BIGINT;
ALTER TABLE usage_windows ADD COLUMN latency_sketch VARCHAR(1000000);
ALTER TABLE usage_windows ADD COLUMN client_ips BIGINT;
ALTER TABLE usage_windows ADD COLUMN client_ip_sketch VARCHAR(1000000);

-- A report reads one developer's windows of one size over a range; top-developer reports read all
-- developers' windows of one size over a range.
CREATE INDEX usage_windows_by_size ON usage_windows (developer_id, window_seconds, window_start);
CREATE INDEX usage_windows_by_size_time ON usage_windows (window_seconds, window_start);

-- The same windows per key, from the key-usage topic; the key's project and developer on each row.
CREATE TABLE key_usage_windows (
    key_id             VARCHAR(64)              NOT NULL,
    window_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end         TIMESTAMP WITH TIME ZONE NOT NULL,
    window_seconds     INTEGER                  NOT NULL,
    project_id         VARCHAR(64),
    developer_id       VARCHAR(256)             NOT NULL,
    success            BIGINT                   NOT NULL,
    failure            BIGINT                   NOT NULL,
    first_event_time   TIMESTAMP WITH TIME ZONE,
    last_event_time    TIMESTAMP WITH TIME ZONE,
    failures           VARCHAR(4096),
    status_classes     VARCHAR(1024),
    apis               VARCHAR(1000000),
    top_endpoints      VARCHAR(1000000),
    latency_p50_micros BIGINT,
    latency_p95_micros BIGINT,
    latency_p99_micros BIGINT,
    latency_max_micros BIGINT,
    latency_sketch     VARCHAR(1000000),
    client_ips         BIGINT,
    client_ip_sketch   VARCHAR(1000000),
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (key_id, window_start, window_end)
);

CREATE INDEX key_usage_windows_by_key_size ON key_usage_windows (key_id, window_seconds, window_start);
CREATE INDEX key_usage_windows_by_project ON key_usage_windows (project_id, window_seconds, window_start);

-- First and last time a key or a developer was seen at a gateway, from the last-seen topic.
-- Dormant keys are the active keys whose row is old or missing.
CREATE TABLE last_seen (
    subject_type VARCHAR(16)              NOT NULL,
    subject_id   VARCHAR(256)             NOT NULL,
    developer_id VARCHAR(256),
    project_id   VARCHAR(64),
    first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_success TIMESTAMP WITH TIME ZONE,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subject_type, subject_id)
);

-- Alerts from the alerts topic; alert_id is derived from subject, type and window, so a replayed
-- alert is the same row.
CREATE TABLE alerts (
    alert_id     VARCHAR(256)             NOT NULL PRIMARY KEY,
    alert_type   VARCHAR(32)              NOT NULL,
    subject_type VARCHAR(16)              NOT NULL,
    subject      VARCHAR(256)             NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end   TIMESTAMP WITH TIME ZONE NOT NULL,
    observed     BIGINT                   NOT NULL,
    threshold    BIGINT                   NOT NULL,
    alert_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    reason       VARCHAR(32),
    developer_id VARCHAR(256),
    project_id   VARCHAR(64),
    ingested_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX alerts_by_time ON alerts (alert_time, alert_id);
CREATE INDEX alerts_by_developer ON alerts (developer_id, alert_time);

-- How far ingest has got, per topic partition, so that every report can say up to what time its
-- data is complete. stored_up_to: the timestamp of the last record stored from the partition.
-- caught_up_at: when ingest last found nothing more to read in the partition (its position at the
-- end offset); everything published before then is stored.
CREATE TABLE ingest_progress (
    topic          VARCHAR(249)             NOT NULL,
    partition_id   INTEGER                  NOT NULL,
    next_offset    BIGINT                   NOT NULL,
    stored_up_to   TIMESTAMP WITH TIME ZONE,
    caught_up_at   TIMESTAMP WITH TIME ZONE,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (topic, partition_id)
);
