-- reporting-api schema, version 6: the retention sweeper deletes the oldest usage windows in
-- bounded batches by window start, across all developers, keys and window sizes. Without an index
-- led by window_start each batch would scan the whole table.
CREATE INDEX usage_windows_by_start ON usage_windows (window_start);
CREATE INDEX key_usage_windows_by_start ON key_usage_windows (window_start);
