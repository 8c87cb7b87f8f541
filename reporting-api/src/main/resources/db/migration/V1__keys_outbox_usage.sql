-- reporting-api schema, version 1. Standard SQL only: the same file must run on H2 2.x and
-- PostgreSQL 15. Times are TIMESTAMP WITH TIME ZONE so that instants survive any server zone.

CREATE TABLE projects (
    project_id   VARCHAR(64)              NOT NULL PRIMARY KEY,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE developers (
    developer_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The key itself is never stored: key_hash (lower-case hex SHA-256) is what gateways look up,
-- key_hint (its first characters) is what humans recognise it by.
CREATE TABLE api_keys (
    key_id       VARCHAR(64)              NOT NULL PRIMARY KEY,
    project_id   VARCHAR(64)              NOT NULL REFERENCES projects (project_id),
    developer_id VARCHAR(64)              NOT NULL REFERENCES developers (developer_id),
    description  VARCHAR(256)             NOT NULL,
    key_hash     CHAR(64)                 NOT NULL,
    key_hint     VARCHAR(8)               NOT NULL,
    status       VARCHAR(16)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    version      BIGINT                   NOT NULL,
    CONSTRAINT api_keys_key_hash_unique UNIQUE (key_hash)
);

CREATE INDEX api_keys_by_project ON api_keys (project_id);
CREATE INDEX api_keys_by_developer ON api_keys (developer_id);

-- Records waiting to be published to Kafka, written in the same transaction as the change they
-- describe. The publisher sends them in id order; payload NULL is a tombstone.
CREATE TABLE outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic        VARCHAR(249)             NOT NULL,
    record_key   VARCHAR(512)             NOT NULL,
    payload      VARCHAR(1000000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX outbox_by_published_at ON outbox (published_at, id);

-- Per-developer request counts per time window, as audit-streams publishes them on the usage
-- topic. Each record carries the window's totals so far, so an upsert replaces.
CREATE TABLE usage_windows (
    developer_id    VARCHAR(256)             NOT NULL,
    window_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end      TIMESTAMP WITH TIME ZONE NOT NULL,
    success         BIGINT                   NOT NULL,
    failure         BIGINT                   NOT NULL,
    last_event_time TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (developer_id, window_start, window_end)
);
