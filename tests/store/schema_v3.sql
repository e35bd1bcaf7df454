-- The project file's schema at version 3, frozen as SQL so the tests can write a
-- version-3 file by hand and check that it opens and migrates (test_store_schema):
-- schema_v2.sql followed by version 3's findings table (FTS5 shadow tables left out:
-- CREATE VIRTUAL TABLE makes them).
PRAGMA application_id = 1414746186;
CREATE TABLE project_meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE datasets(
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL,
  source_files TEXT NOT NULL DEFAULT '[]',
  created_at   TEXT NOT NULL
);
CREATE TABLE items(
  id             INTEGER PRIMARY KEY,
  dataset_id     INTEGER NOT NULL REFERENCES datasets(id),
  item_key       TEXT NOT NULL,
  position       INTEGER NOT NULL,
  split          TEXT NOT NULL DEFAULT '',
  question       TEXT NOT NULL,
  gold_answers   TEXT NOT NULL DEFAULT '[]',
  gold_label     TEXT NOT NULL DEFAULT '',
  gold_retrieval TEXT NOT NULL DEFAULT '[]',
  meta           TEXT NOT NULL DEFAULT '{}',
  UNIQUE(dataset_id, item_key)
);
CREATE INDEX items_by_label ON items(dataset_id, gold_label);
CREATE TABLE context_units(
  item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  idx       INTEGER NOT NULL,
  text      TEXT NOT NULL,
  source_id INTEGER NOT NULL DEFAULT -1,
  PRIMARY KEY(item_id, idx)
) WITHOUT ROWID;
CREATE TABLE runs(
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  dataset_id      INTEGER NOT NULL REFERENCES datasets(id),
  model           TEXT NOT NULL DEFAULT '',
  checkpoint      TEXT NOT NULL DEFAULT '',
  condition       TEXT NOT NULL DEFAULT '',
  seed            INTEGER,
  hyperparameters TEXT NOT NULL DEFAULT '{}',
  source          TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL
);
CREATE TABLE predictions(
  id       INTEGER PRIMARY KEY,
  run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  item_id  INTEGER NOT NULL REFERENCES items(id),
  raw_text TEXT NOT NULL,
  UNIQUE(run_id, item_id)
);
CREATE TABLE verdicts(
  run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule                INTEGER NOT NULL CHECK(rule IN (0, 1)),
  item_id             INTEGER NOT NULL,
  parse_status        INTEGER NOT NULL CHECK(parse_status BETWEEN 0 AND 3),
  class_verdict       INTEGER NOT NULL CHECK(class_verdict BETWEEN 0 AND 3),
  retrieval_verdict   INTEGER NOT NULL CHECK(retrieval_verdict BETWEEN 0 AND 3),
  trace_verdict       INTEGER NOT NULL CHECK(trace_verdict BETWEEN 0 AND 3),
  answer_verdict      INTEGER NOT NULL CHECK(answer_verdict BETWEEN 0 AND 3),
  unevaluated_reason  INTEGER NOT NULL DEFAULT 0 CHECK(unevaluated_reason BETWEEN 0 AND 3),
  predicted_label     TEXT NOT NULL DEFAULT '',
  gold_count          INTEGER NOT NULL DEFAULT 0,
  gold_cited          INTEGER NOT NULL DEFAULT 0,
  retrieval_precision REAL,
  answer_em           INTEGER NOT NULL DEFAULT 0,
  answer_f1           REAL NOT NULL DEFAULT 0,
  answer_precision    REAL NOT NULL DEFAULT 0,
  answer_recall       REAL NOT NULL DEFAULT 0,
  PRIMARY KEY(run_id, rule, item_id)
) WITHOUT ROWID;
CREATE TABLE verdict_details(
  run_id           INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule             INTEGER NOT NULL,
  item_id          INTEGER NOT NULL,
  extracted_answer TEXT NOT NULL DEFAULT '',
  details          TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY(run_id, rule, item_id)
);
CREATE TABLE annotations(
  id               INTEGER PRIMARY KEY,
  run_id           INTEGER NOT NULL,
  item_id          INTEGER NOT NULL,
  step             TEXT NOT NULL CHECK(step IN ('item', 'class', 'retrieval', 'trace', 'answer')),
  annotator        TEXT NOT NULL CHECK(annotator <> ''),
  verdict_override INTEGER CHECK(verdict_override BETWEEN 0 AND 3),
  note             TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL, interpretability INTEGER CHECK(interpretability BETWEEN 1 AND 5), cognitive_load INTEGER CHECK(cognitive_load BETWEEN 1 AND 5),
  UNIQUE(run_id, item_id, step, annotator),
  FOREIGN KEY(run_id, item_id) REFERENCES predictions(run_id, item_id) ON DELETE CASCADE
);
CREATE TABLE table_cache(
  run_id             INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule               INTEGER NOT NULL,
  retrieval_mode     INTEGER NOT NULL,
  step               INTEGER NOT NULL,
  ok_ok              INTEGER NOT NULL,
  ok_bad             INTEGER NOT NULL,
  bad_ok             INTEGER NOT NULL,
  bad_bad            INTEGER NOT NULL,
  excluded           INTEGER NOT NULL,
  excluded_answer_ok INTEGER NOT NULL,
  chi_square         REAL,
  chi_square_p       REAL,
  chi_square_yates_p REAL,
  fisher_p           REAL,
  phi                REAL,
  odds_ratio         REAL,
  computed_at        TEXT NOT NULL,
  PRIMARY KEY(run_id, rule, retrieval_mode, step)
) WITHOUT ROWID;
CREATE VIEW verdicts_readable AS
SELECT r.name AS run, i.item_key AS item,
       CASE v.rule WHEN 0 THEN 'strict' ELSE 'legacy' END AS rule,
       CASE v.parse_status WHEN 0 THEN 'ok' WHEN 1 THEN 'no-trace' WHEN 2 THEN 'no-answer'
            ELSE 'malformed' END AS parse,
       CASE v.class_verdict WHEN 0 THEN 'ok' WHEN 1 THEN 'wrong' WHEN 2 THEN 'partial'
            ELSE 'unevaluated' END AS class_step,
       CASE v.retrieval_verdict WHEN 0 THEN 'ok' WHEN 1 THEN 'wrong' WHEN 2 THEN 'partial'
            ELSE 'unevaluated' END AS retrieval_step,
       CASE v.trace_verdict WHEN 0 THEN 'ok' WHEN 1 THEN 'wrong' WHEN 2 THEN 'partial'
            ELSE 'unevaluated' END AS trace,
       CASE v.answer_verdict WHEN 0 THEN 'ok' WHEN 1 THEN 'wrong' WHEN 2 THEN 'partial'
            ELSE 'unevaluated' END AS answer,
       v.predicted_label, v.gold_count, v.gold_cited, v.retrieval_precision, v.answer_f1
FROM verdicts v JOIN runs r ON r.id = v.run_id JOIN items i ON i.id = v.item_id;
CREATE TABLE annotation_tags(
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  tag           TEXT NOT NULL CHECK(tag <> ''),
  PRIMARY KEY(annotation_id, tag)
) WITHOUT ROWID;
CREATE INDEX annotation_tags_by_tag ON annotation_tags(tag);
CREATE VIRTUAL TABLE items_fts USING fts5(question, context,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  DELETE FROM items_fts WHERE rowid = old.id;
END;
CREATE VIRTUAL TABLE predictions_fts USING fts5(raw_text, content = 'predictions',
  content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER predictions_fts_insert AFTER INSERT ON predictions BEGIN
  INSERT INTO predictions_fts(rowid, raw_text) VALUES (new.id, new.raw_text);
END;
CREATE TRIGGER predictions_fts_delete AFTER DELETE ON predictions BEGIN
  INSERT INTO predictions_fts(predictions_fts, rowid, raw_text) VALUES ('delete', old.id, old.raw_text);
END;
CREATE TRIGGER predictions_fts_update AFTER UPDATE OF raw_text ON predictions BEGIN
  INSERT INTO predictions_fts(predictions_fts, rowid, raw_text) VALUES ('delete', old.id, old.raw_text);
  INSERT INTO predictions_fts(rowid, raw_text) VALUES (new.id, new.raw_text);
END;
CREATE TABLE findings(
  id          INTEGER PRIMARY KEY,
  position    INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK(kind IN ('item', 'tables', 'chart')),
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  item_id     INTEGER REFERENCES items(id),
  rule        TEXT NOT NULL DEFAULT 'strict' CHECK(rule IN ('strict', 'legacy', 'human')),
  annotator   TEXT NOT NULL DEFAULT '',
  retrieval   TEXT NOT NULL DEFAULT 'all' CHECK(retrieval IN ('all', 'any')),
  chart       TEXT NOT NULL DEFAULT '',
  title       TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  CHECK((kind = 'item') = (item_id IS NOT NULL))
);
CREATE INDEX findings_in_order ON findings(position);
PRAGMA user_version = 3;
