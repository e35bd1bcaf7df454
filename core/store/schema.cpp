#include "core/store/schema.h"

#include <string>

#include "core/store/error_type_store.h"
#include "core/store/sqlite_db.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

// Version 1: datasets, items, runs, predictions, verdicts, annotations (verdict
// override and note) and the table cache.
constexpr const char* kMigration1 = R"sql(
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

-- Narrow on purpose: the GROUP BY behind every 2x2 table and the verdict
-- filters read only this table, clustered by (run, rule, item).
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

-- The long parts of a verdict: the extracted answer and a JSON document with
-- spans, cited units, unmatched citations, answer sets and the evidence.
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
  updated_at       TEXT NOT NULL,
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

-- For people reading the file with the sqlite3 shell.
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
)sql";

// Version 2: full-text search (FTS5) over questions, context and predictions;
// annotation tags and the two Likert ratings of the human study.
constexpr const char* kMigration2 = R"sql(
ALTER TABLE annotations ADD COLUMN interpretability INTEGER CHECK(interpretability BETWEEN 1 AND 5);
ALTER TABLE annotations ADD COLUMN cognitive_load INTEGER CHECK(cognitive_load BETWEEN 1 AND 5);

CREATE TABLE annotation_tags(
  annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
  tag           TEXT NOT NULL CHECK(tag <> ''),
  PRIMARY KEY(annotation_id, tag)
) WITHOUT ROWID;
CREATE INDEX annotation_tags_by_tag ON annotation_tags(tag);

-- rowid = items.id; filled by the dataset writer (the context is the item's
-- units joined by newlines).
CREATE VIRTUAL TABLE items_fts USING fts5(question, context,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
  DELETE FROM items_fts WHERE rowid = old.id;
END;
INSERT INTO items_fts(rowid, question, context)
  SELECT i.id, i.question,
         COALESCE((SELECT group_concat(text, char(10)) FROM
                     (SELECT text FROM context_units c WHERE c.item_id = i.id ORDER BY idx)), '')
  FROM items i;

-- External content: the index only, the text stays in predictions.
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
INSERT INTO predictions_fts(predictions_fts) VALUES ('rebuild');
)sql";

// Version 3: findings - the items, tables and charts a researcher pins, in
// the order they present them, each with a note (the Findings view, its HTML
// and PDF report and presentation mode read them).
constexpr const char* kMigration3 = R"sql(
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
)sql";

// Version 4: unevaluated reason 4, "retrieval not applicable" (the strict
// rule's verdict on MS MARCO items answered "No Answer Present."). SQLite
// cannot widen a CHECK in place, so the verdicts table is rebuilt with the
// same rows; the readable view is recreated around it and spells the reason.
constexpr const char* kMigration4 = R"sql(
DROP VIEW verdicts_readable;
CREATE TABLE verdicts_v4(
  run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule                INTEGER NOT NULL CHECK(rule IN (0, 1)),
  item_id             INTEGER NOT NULL,
  parse_status        INTEGER NOT NULL CHECK(parse_status BETWEEN 0 AND 3),
  class_verdict       INTEGER NOT NULL CHECK(class_verdict BETWEEN 0 AND 3),
  retrieval_verdict   INTEGER NOT NULL CHECK(retrieval_verdict BETWEEN 0 AND 3),
  trace_verdict       INTEGER NOT NULL CHECK(trace_verdict BETWEEN 0 AND 3),
  answer_verdict      INTEGER NOT NULL CHECK(answer_verdict BETWEEN 0 AND 3),
  unevaluated_reason  INTEGER NOT NULL DEFAULT 0 CHECK(unevaluated_reason BETWEEN 0 AND 4),
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
INSERT INTO verdicts_v4 SELECT * FROM verdicts;
DROP TABLE verdicts;
ALTER TABLE verdicts_v4 RENAME TO verdicts;

-- For people reading the file with the sqlite3 shell.
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
       CASE v.unevaluated_reason WHEN 0 THEN '' WHEN 1 THEN 'no-think-word' WHEN 2 THEN 'empty-trace'
            WHEN 3 THEN 'no-gold-row' ELSE 'retrieval-not-applicable' END AS unevaluated_reason,
       v.predicted_label, v.gold_count, v.gold_cited, v.retrieval_precision, v.answer_f1
FROM verdicts v JOIN runs r ON r.id = v.run_id JOIN items i ON i.id = v.item_id;
)sql";


// Version 5: the paper's second arm. Each run records its trace type; the
// steps of a free-form trace wait for a person (unevaluated reason 5,
// "needs-human", so the verdicts table is rebuilt to widen its CHECK, as in
// version 4); and human rating studies (core/store/studies.h): the runs
// compared (one arm each), the items, the participants (a slot each, which
// fixes their blinded sequence) and their two Likert ratings per item.
constexpr const char* kMigration5 = R"sql(
ALTER TABLE runs ADD COLUMN trace_type TEXT NOT NULL DEFAULT 'rule-based'
  CHECK(trace_type IN ('rule-based', 'free-form', 'summary', 'explanation', 'swapped'));

DROP VIEW verdicts_readable;
CREATE TABLE verdicts_v5(
  run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule                INTEGER NOT NULL CHECK(rule IN (0, 1)),
  item_id             INTEGER NOT NULL,
  parse_status        INTEGER NOT NULL CHECK(parse_status BETWEEN 0 AND 3),
  class_verdict       INTEGER NOT NULL CHECK(class_verdict BETWEEN 0 AND 3),
  retrieval_verdict   INTEGER NOT NULL CHECK(retrieval_verdict BETWEEN 0 AND 3),
  trace_verdict       INTEGER NOT NULL CHECK(trace_verdict BETWEEN 0 AND 3),
  answer_verdict      INTEGER NOT NULL CHECK(answer_verdict BETWEEN 0 AND 3),
  unevaluated_reason  INTEGER NOT NULL DEFAULT 0 CHECK(unevaluated_reason BETWEEN 0 AND 5),
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
INSERT INTO verdicts_v5 SELECT * FROM verdicts;
DROP TABLE verdicts;
ALTER TABLE verdicts_v5 RENAME TO verdicts;

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
       CASE v.unevaluated_reason WHEN 0 THEN '' WHEN 1 THEN 'no-think-word' WHEN 2 THEN 'empty-trace'
            WHEN 3 THEN 'no-gold-row' WHEN 4 THEN 'retrieval-not-applicable'
            ELSE 'needs-human' END AS unevaluated_reason,
       v.predicted_label, v.gold_count, v.gold_cited, v.retrieval_precision, v.answer_f1
FROM verdicts v JOIN runs r ON r.id = v.run_id JOIN items i ON i.id = v.item_id;

CREATE TABLE studies(
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK(name <> ''),
  seed       INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE study_arms(
  study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  arm      INTEGER NOT NULL CHECK(arm >= 0),
  run_id   INTEGER NOT NULL REFERENCES runs(id),
  PRIMARY KEY(study_id, arm),
  UNIQUE(study_id, run_id)
) WITHOUT ROWID;
CREATE TABLE study_items(
  study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK(position >= 0),
  item_id  INTEGER NOT NULL REFERENCES items(id),
  PRIMARY KEY(study_id, position),
  UNIQUE(study_id, item_id)
) WITHOUT ROWID;
CREATE TABLE study_participants(
  study_id    INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  participant TEXT NOT NULL CHECK(participant <> ''),
  slot        INTEGER NOT NULL CHECK(slot >= 0),
  PRIMARY KEY(study_id, participant),
  UNIQUE(study_id, slot)
) WITHOUT ROWID;
CREATE TABLE study_ratings(
  study_id         INTEGER NOT NULL,
  participant      TEXT NOT NULL,
  item_id          INTEGER NOT NULL,
  arm              INTEGER NOT NULL,
  interpretability INTEGER NOT NULL CHECK(interpretability BETWEEN 1 AND 5),
  cognitive_load   INTEGER NOT NULL CHECK(cognitive_load BETWEEN 1 AND 5),
  comment          TEXT NOT NULL DEFAULT '',
  seconds          REAL NOT NULL DEFAULT 0 CHECK(seconds >= 0),
  rated_at         TEXT NOT NULL,
  PRIMARY KEY(study_id, participant, item_id),
  FOREIGN KEY(study_id, participant) REFERENCES study_participants(study_id, participant)
    ON DELETE CASCADE,
  FOREIGN KEY(study_id, arm) REFERENCES study_arms(study_id, arm)
) WITHOUT ROWID;
)sql";

// Version 6: the error taxonomy (docs/analysis.md), one row per run, stored
// rule, item and error type with its evidence. The rows of existing runs are
// computed by backfillErrorTypes() right after the SQL, in the same
// transaction (migrate() below).
constexpr const char* kMigration6 = R"sql(
CREATE TABLE item_error_types(
  run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule    INTEGER NOT NULL CHECK(rule IN (0, 1)),
  item_id INTEGER NOT NULL REFERENCES items(id),
  type    TEXT NOT NULL CHECK(type <> ''),
  detail  TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY(run_id, rule, item_id, type)
) WITHOUT ROWID;
CREATE INDEX item_error_types_by_type ON item_error_types(run_id, rule, type);
)sql";

constexpr const char* kMigrations[] = {kMigration1, kMigration2, kMigration3,
                                       kMigration4, kMigration5, kMigration6};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

}  // namespace

void configureConnection(Database& db) {
    // journal_mode cannot change inside a transaction; it is persistent in the
    // file, so this only does work the first time.
    const std::string mode = db.queryText("PRAGMA journal_mode = WAL");
    if (mode != "wal")
        throw Error("cannot switch the project file to WAL mode (got '" + mode + "')",
                    ErrorLocation(db.path()));
    db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
}

const char* migrationSql(int version) {
    if (version < 1 || version > kSchemaVersion)
        throw Error("no migration to schema version " + std::to_string(version));
    return kMigrations[version - 1];
}

void migrate(Database& db) {
    const long long version = db.queryInt("PRAGMA user_version");
    if (version > kSchemaVersion)
        throw Error("the project file has schema version " + std::to_string(version) +
                        ", newer than this TraceScope reads (up to " +
                        std::to_string(kSchemaVersion) + "); open it with a newer TraceScope",
                    ErrorLocation(db.path()));
    if (version == kSchemaVersion) return;
    Transaction tx(db);
    for (long long v = version + 1; v <= kSchemaVersion; ++v) {
        try {
            db.exec(kMigrations[v - 1]);
        } catch (const Error& e) {
            throw Error("migrating the project file to schema version " + std::to_string(v) +
                            " failed: " + e.message(),
                        ErrorLocation(db.path()));
        }
    }
    // Version 6's rows for the runs already there (C++, reading the stored verdicts).
    try {
        if (version < 6) backfillErrorTypes(db);
    } catch (const Error& e) {
        throw Error(
            "computing the error taxonomy of the project's runs (schema version 6) failed: " +
                e.message(),
            ErrorLocation(db.path()));
    }
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
}

}  // namespace ts::store
