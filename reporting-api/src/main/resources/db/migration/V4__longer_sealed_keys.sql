-- reporting-api schema, version 4: an imported key may be up to 256 characters, whose sealed copy
-- (base64 of nonce, ciphertext and tag) takes up to 380; version 2 allowed 128.
ALTER TABLE api_keys ALTER COLUMN sealed_key SET DATA TYPE VARCHAR(512);
