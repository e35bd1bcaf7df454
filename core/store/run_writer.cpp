#include "core/store/run_writer.h"

#include <unordered_set>

#include "core/store/dataset_writer.h"
#include "core/store/error_type_store.h"
#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"

namespace ts::store {

namespace {

constexpr std::size_t kProgressEvery = 2000;

// Prepared once per import; one call per verdict.
class VerdictWriter {
public:
    explicit VerdictWriter(Database& db)
        : verdict_(
              db.prepare("INSERT INTO verdicts(run_id, rule, item_id, parse_status, class_verdict,"
                         " retrieval_verdict, trace_verdict, answer_verdict, unevaluated_reason,"
                         " predicted_label, gold_count, gold_cited, retrieval_precision, answer_em,"
                         " answer_f1, answer_precision, answer_recall)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
          details_(db.prepare(
              "INSERT INTO verdict_details(run_id, rule, item_id, extracted_answer, details)"
              " VALUES (?, ?, ?, ?, ?)")) {}

    void write(long long runId, long long itemRowId, const ItemVerdict& v) {
        const int rule = encode(v.rule);
        verdict_.reset();
        verdict_.bind(1, runId)
            .bind(2, rule)
            .bind(3, itemRowId)
            .bind(4, encode(v.parse))
            .bind(5, encode(v.classStep))
            .bind(6, encode(v.retrievalStep))
            .bind(7, encode(v.trace))
            .bind(8, encode(v.answer))
            .bind(9, encode(v.evidence.unevaluatedReason))
            .bind(10, v.predictedLabel)
            .bind(11, v.goldCount)
            .bind(12, v.goldCited)
            .bind(13, v.retrievalPrecision)
            .bind(14, v.answerScore.exactMatch ? 1 : 0)
            .bind(15, v.answerScore.f1)
            .bind(16, v.answerScore.precision)
            .bind(17, v.answerScore.recall)
            .run();
        details_.reset();
        details_.bind(1, runId)
            .bind(2, rule)
            .bind(3, itemRowId)
            .bind(4, v.extractedAnswer)
            .bind(5, detail::jsonText(verdictDetailsJson(v)))
            .run();
    }

private:
    Statement verdict_;
    Statement details_;
};

long long insertRun(Database& db, long long datasetId, const RunInfo& run) {
    if (run.name.empty()) throw Error("a run needs a name", ErrorLocation(db.path()));
    if (findRunId(db, run.name))
        throw Error("the project already has a run named '" + run.name + "'",
                    ErrorLocation(db.path()));
    Statement st = db.prepare(
        "INSERT INTO runs(name, dataset_id, model, checkpoint, condition, seed, hyperparameters,"
        " source, created_at, trace_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, run.name)
        .bind(2, datasetId)
        .bind(3, run.model)
        .bind(4, run.checkpoint)
        .bind(5, run.condition)
        .bind(6, run.seed)
        .bind(7, detail::jsonText(run.hyperParameters))
        .bind(8, detail::jsonText(run.source))
        .bind(9, utcTimestamp())
        .bind(10, std::string(toString(run.traceType)))
        .run();
    return db.lastInsertRowId();
}

void checkVerdicts(const Database& db, const PredictionRecord& p) {
    bool seen[2] = {false, false};
    for (const ItemVerdict& v : p.verdicts) {
        if (v.itemId != p.itemId)
            throw Error("a verdict for item '" + v.itemId + "' is attached to the prediction of '" +
                            p.itemId + "'",
                        ErrorLocation(db.path(), 0, p.itemId));
        bool& s = seen[encode(v.rule)];
        if (s)
            throw Error(
                "two " + std::string(toString(v.rule)) + " verdicts for item '" + p.itemId + "'",
                ErrorLocation(db.path(), 0, p.itemId));
        s = true;
    }
}

}  // namespace

ImportSummary importRun(Project& project, const Dataset& dataset, const RunInfo& run,
                        const std::vector<PredictionRecord>& predictions,
                        const ProgressSink& progress) {
    Database& db = project.db();
    Transaction tx(db);
    progress.report(0.0, "storing the items of " + dataset.name);
    const DatasetWriteResult items = detail::writeDataset(db, dataset);
    ImportSummary summary;
    summary.datasetId = items.datasetId;
    summary.itemsAdded = items.itemsAdded;
    summary.runId = insertRun(db, items.datasetId, run);

    Statement insertPrediction =
        db.prepare("INSERT INTO predictions(run_id, item_id, raw_text) VALUES (?, ?, ?)");
    VerdictWriter verdictWriter(db);
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const PredictionRecord& p = predictions[i];
        const auto it = items.itemRowIds.find(p.itemId);
        if (it == items.itemRowIds.end())
            throw Error("prediction " + std::to_string(i + 1) + " names item '" + p.itemId +
                            "', which is not in dataset '" + dataset.name + "'",
                        ErrorLocation(db.path(), 0, p.itemId));
        if (!seen.insert(p.itemId).second)
            throw Error("two predictions for item '" + p.itemId + "' in run '" + run.name + "'",
                        ErrorLocation(db.path(), 0, p.itemId));
        checkVerdicts(db, p);
        insertPrediction.reset();
        insertPrediction.bind(1, summary.runId).bind(2, it->second).bind(3, p.text).run();
        for (const ItemVerdict& v : p.verdicts) verdictWriter.write(summary.runId, it->second, v);
        summary.verdicts += static_cast<long long>(p.verdicts.size());
        if (i % kProgressEvery == 0)
            progress.report(static_cast<double>(i) / static_cast<double>(predictions.size()),
                            "storing predictions of " + run.name);
    }
    summary.predictions = static_cast<long long>(predictions.size());
    progress.report(1.0, "classifying the errors of " + run.name);
    storeErrorTypes(db, summary.runId);
    progress.report(1.0, "committing " + run.name);
    tx.commit();
    return summary;
}

void replaceVerdicts(Project& project, const std::string& runName, ScoringRuleKind rule,
                     const std::vector<ItemVerdict>& verdicts, const ProgressSink& progress) {
    Database& db = project.db();
    Transaction tx(db);
    const long long runId = requireRunId(db, runName);
    const int ruleCode = encode(rule);
    for (const char* sql : {"DELETE FROM verdicts WHERE run_id = ? AND rule = ?",
                            "DELETE FROM item_error_types WHERE run_id = ? AND rule = ?",
                            "DELETE FROM verdict_details WHERE run_id = ? AND rule = ?",
                            "DELETE FROM table_cache WHERE run_id = ? AND rule = ?"}) {
        Statement st = db.prepare(sql);
        st.bind(1, runId).bind(2, ruleCode).run();
    }
    Statement findItem = db.prepare(
        "SELECT p.item_id FROM predictions p JOIN items i ON i.id = p.item_id"
        " WHERE p.run_id = ? AND i.item_key = ?");
    VerdictWriter writer(db);
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        const ItemVerdict& v = verdicts[i];
        if (v.rule != rule)
            throw Error("a " + std::string(toString(v.rule)) + " verdict among the " +
                            std::string(toString(rule)) + " verdicts",
                        ErrorLocation(db.path(), 0, v.itemId));
        findItem.reset();
        findItem.bind(1, runId).bind(2, v.itemId);
        if (!findItem.step())
            throw Error("run '" + runName + "' has no prediction for item '" + v.itemId + "'",
                        ErrorLocation(db.path(), 0, v.itemId));
        if (!seen.insert(v.itemId).second)
            throw Error("two verdicts for item '" + v.itemId + "'",
                        ErrorLocation(db.path(), 0, v.itemId));
        writer.write(runId, findItem.columnInt(0), v);
        if (i % kProgressEvery == 0)
            progress.report(static_cast<double>(i) / static_cast<double>(verdicts.size()),
                            "storing " + std::string(toString(rule)) + " verdicts");
    }
    storeErrorTypes(db, runId, rule);
    tx.commit();
}

void deleteRun(Project& project, const std::string& runName) {
    Database& db = project.db();
    Transaction tx(db);
    const long long runId = requireRunId(db, runName);
    Statement st = db.prepare("DELETE FROM runs WHERE id = ?");
    st.bind(1, runId).run();
    tx.commit();
}

}  // namespace ts::store
