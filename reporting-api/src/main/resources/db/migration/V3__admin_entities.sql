-- reporting-api schema, version 3: projects and developers become managed entities, and keys gain
-- what admins set on them (allowed APIs, limits) and what happens to them (rotation, deletion).
-- Standard SQL only, for H2 2.x and PostgreSQL 15 alike.

ALTER TABLE projects ADD COLUMN name VARCHAR(128);
ALTER TABLE projects ADD COLUMN description VARCHAR(1024);
ALTER TABLE projects ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
-- Deletion keeps the row: the keys issued in a project stay traceable to it after it is gone.
ALTER TABLE projects ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
UPDATE projects SET name = project_id, description = '', updated_at = created_at;
ALTER TABLE projects ALTER COLUMN name SET NOT NULL;
ALTER TABLE projects ALTER COLUMN description SET NOT NULL;
ALTER TABLE projects ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE developers ADD COLUMN name VARCHAR(128);
ALTER TABLE developers ADD COLUMN email VARCHAR(254);
ALTER TABLE developers ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE developers ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
UPDATE developers SET name = developer_id, updated_at = created_at;
ALTER TABLE developers ALTER COLUMN name SET NOT NULL;
ALTER TABLE developers ALTER COLUMN updated_at SET NOT NULL;

-- allowed_apis: API ids separated by commas (ids cannot contain one); empty means every API.
ALTER TABLE api_keys ADD COLUMN allowed_apis VARCHAR(2048) DEFAULT '' NOT NULL;
ALTER TABLE api_keys ADD COLUMN rate_limit_requests BIGINT;
ALTER TABLE api_keys ADD COLUMN rate_limit_window_seconds BIGINT;
ALTER TABLE api_keys ADD COLUMN quota_requests BIGINT;
ALTER TABLE api_keys ADD COLUMN quota_period VARCHAR(8);
ALTER TABLE api_keys ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
-- Set on the old key of a rotation, with the new key's id.
ALTER TABLE api_keys ADD COLUMN rotated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_keys ADD COLUMN replaced_by VARCHAR(64);
-- true for a key whose value an admin brought from another gateway rather than one generated here.
ALTER TABLE api_keys ADD COLUMN imported BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE api_keys SET updated_at = created_at;
ALTER TABLE api_keys ALTER COLUMN updated_at SET NOT NULL;

-- Listing pages walk (created_at, key_id) within a project or a developer. The version 1 indexes
-- stay: H2 serves the foreign keys with them.
CREATE INDEX api_keys_by_project_created ON api_keys (project_id, created_at, key_id);
CREATE INDEX api_keys_by_developer_created ON api_keys (developer_id, created_at, key_id);
-- The expiry sweep looks for active keys past their expiry.
CREATE INDEX api_keys_by_expiry ON api_keys (status, expires_at);
