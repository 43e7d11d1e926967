-- A Hugging Face model-index states no thresholds, so its metrics never passed or failed one; the import's prepared
-- insert stored that unknown as false (0), which failed the gate. Only this importer wrote through it.
UPDATE evaluation_metrics SET passed = NULL
WHERE passed = false AND threshold IS NULL
  AND evaluation_id IN (SELECT id FROM evaluations WHERE producer = 'Hugging Face model-index');
