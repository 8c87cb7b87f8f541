-- reporting-api schema, version 2: keys become recoverable by an admin.
-- sealed_key is base64 of a 12-byte nonce followed by the AES-256-GCM ciphertext and tag of the key
-- under the master key, with the key id as authenticated data; never the key itself. Keys issued
-- before this version have no copy (NULL) and cannot be revealed.
ALTER TABLE api_keys ADD COLUMN sealed_key VARCHAR(128);
