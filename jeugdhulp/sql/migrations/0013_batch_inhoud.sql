-- What a batch's rows are, whatever file they came in: a keyed digest of the validated rows (loaders/inhoud.py).
-- The same rows saved again (another file name, a re-save in Excel that only changes the file's metadata) are
-- noticed as loaded before, so trajecten are never counted twice. Batches from before this column have none.
ALTER TABLE batch ADD COLUMN IF NOT EXISTS inhoud VARCHAR;
