-- An idempotent replay shows only what the caller may see now (issue 19):
-- the record keeps the categories of the case the first answer showed, and
-- a replay is refused when the caller's agency no longer sees the case or
-- sees fewer of its categories.
ALTER TABLE idempotency_keys ADD COLUMN categories text[];
INSERT INTO data_map VALUES ('idempotency_keys', 'categories', 'none', 'none', 'keep', NULL, NULL, true);
