#include "core/store/error_type_store.h"

#include <algorithm>
#include <unordered_map>

#include "core/decompose/rule.h"
#include "core/score/citation_similarity.h"
#include "core/score/error_taxonomy.h"
#include "core/store/dataset_writer.h"
#include "core/store/item_reader.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace ts::store {

namespace {

struct RunContext {
    DatasetKind kind = DatasetKind::Generic;
    std::vector<std::string> labels;
    std::unordered_map<std::string, Item> items;  // by item key
};

RunContext runContext(Database& db, long long runId) {
    Statement st = db.prepare(
        "SELECT r.dataset_id, d.kind FROM runs r JOIN datasets d ON d.id = r.dataset_id"
        " WHERE r.id = ?");
    st.bind(1, runId);
    if (!st.step())
        throw Error("the project has no run with id " + std::to_string(runId),
                    ErrorLocation(db.path()));
    RunContext c;
    c.kind = parseDatasetKind(st.columnText(1)).value_or(DatasetKind::Generic);
    c.labels = datasetLabels(db, st.columnInt(0));
    for (Item& item :
         readItems(db, "i.id IN (SELECT item_id FROM predictions WHERE run_id = ?)", runId))
        c.items.emplace(item.id, std::move(item));
    return c;
}

constexpr const char* kVerdictRows =
    "SELECT v.item_id, i.item_key, v.rule, v.parse_status, v.class_verdict, v.retrieval_verdict,"
    " v.trace_verdict, v.answer_verdict, v.unevaluated_reason, v.predicted_label, v.gold_count,"
    " v.gold_cited, v.answer_em, v.answer_f1, v.answer_precision, v.answer_recall,"
    " d.extracted_answer, d.details, COALESCE(p.raw_text, '')"
    " FROM verdicts v JOIN items i ON i.id = v.item_id"
    " LEFT JOIN verdict_details d ON d.run_id = v.run_id AND d.rule = v.rule"
    "   AND d.item_id = v.item_id"
    " LEFT JOIN predictions p ON p.run_id = v.run_id AND p.item_id = v.item_id"
    " WHERE v.run_id = ? AND (? < 0 OR v.rule = ?) ORDER BY v.rule, v.item_id";

// The verdict columns; the details when they are there and read (an old or
// damaged row without them leaves the citations unknown).
bool readVerdictRow(const Statement& st, ItemVerdict& v) {
    v.itemId = st.columnText(1);
    v.rule = decodeRule(st.columnInt(2));
    v.parse = decodeParseStatus(st.columnInt(3));
    v.classStep = decodeStepVerdict(st.columnInt(4));
    v.retrievalStep = decodeStepVerdict(st.columnInt(5));
    v.trace = decodeStepVerdict(st.columnInt(6));
    v.answer = decodeStepVerdict(st.columnInt(7));
    v.evidence.unevaluatedReason = decodeUnevaluatedReason(st.columnInt(8));
    v.predictedLabel = st.columnText(9);
    v.goldCount = static_cast<int>(st.columnInt(10));
    v.goldCited = static_cast<int>(st.columnInt(11));
    v.answerScore.exactMatch = st.columnInt(12) != 0;
    v.answerScore.f1 = st.columnDouble(13);
    v.answerScore.precision = st.columnDouble(14);
    v.answerScore.recall = st.columnDouble(15);
    if (st.isNull(17)) return false;
    v.extractedAnswer = st.columnText(16);
    const std::string details = st.columnText(17);
    if (jsonDepthExceededAt(details)) return false;
    try {
        readVerdictDetails(nlohmann::json::parse(details), v);
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

void writeMeta(Database& db) {
    const nlohmann::json meta = {{"version", kErrorTaxonomyVersion},
                                 {"similarity", "token-set jaccard"},
                                 {"threshold", kHallucinationThreshold}};
    Statement st =
        db.prepare("INSERT OR REPLACE INTO project_meta(key, value) VALUES ('error_taxonomy', ?)");
    st.bind(1, detail::jsonText(meta)).run();
}

}  // namespace

void storeErrorTypes(Database& db, long long runId, std::optional<ScoringRuleKind> rule) {
    const RunContext context = runContext(db, runId);
    const long long ruleCode = rule ? encode(*rule) : -1;
    Statement erase =
        db.prepare("DELETE FROM item_error_types WHERE run_id = ? AND (? < 0 OR rule = ?)");
    erase.bind(1, runId).bind(2, ruleCode).bind(3, ruleCode).run();
    Statement insert = db.prepare(
        "INSERT INTO item_error_types(run_id, rule, item_id, type, detail) VALUES (?, ?, ?, ?, ?)");
    Statement rows = db.prepare(kVerdictRows);
    rows.bind(1, runId).bind(2, ruleCode).bind(3, ruleCode);
    while (rows.step()) {
        ItemVerdict v;
        const bool citationsKnown = readVerdictRow(rows, v);
        const auto item = context.items.find(v.itemId);
        if (item == context.items.end()) continue;  // a verdict without a prediction
        const std::string prediction = rows.columnText(18);
        const TaxonomyInput in{item->second,  v, prediction, context.kind, context.labels,
                               citationsKnown};
        for (const ItemError& e : classifyErrors(in)) {
            insert.reset();
            insert.bind(1, runId)
                .bind(2, encode(v.rule))
                .bind(3, rows.columnInt(0))
                .bind(4, std::string(toString(e.type)))
                .bind(5, detail::jsonText(e.detail))
                .run();
        }
    }
}

void backfillErrorTypes(Database& db) {
    std::vector<long long> runs;
    {
        Statement st = db.prepare("SELECT id FROM runs ORDER BY id");
        while (st.step()) runs.push_back(st.columnInt(0));
    }
    for (const long long run : runs) storeErrorTypes(db, run);
    writeMeta(db);
}

std::vector<StoredErrorType> readErrorTypes(Database& db, long long runId, ScoringRuleKind rule) {
    Statement st = db.prepare(
        "SELECT e.item_id, i.item_key, e.type, e.detail FROM item_error_types e"
        " JOIN items i ON i.id = e.item_id WHERE e.run_id = ? AND e.rule = ?"
        " ORDER BY i.position, e.item_id");
    st.bind(1, runId).bind(2, encode(rule));
    std::vector<StoredErrorType> out;
    while (st.step()) {
        const auto type = parseErrorType(st.columnText(2));
        if (!type)
            throw Error("project file holds an unknown error type '" + st.columnText(2) + "'",
                        ErrorLocation(db.path()));
        nlohmann::json detail = nlohmann::json::parse(st.columnText(3), nullptr, false);
        out.push_back({st.columnInt(0), st.columnText(1), *type, std::move(detail)});
    }
    // Within an item, the taxonomy's order (the rows come in text order).
    for (auto first = out.begin(); first != out.end();) {
        auto last = std::find_if(first, out.end(),
                                 [&](const auto& e) { return e.itemRowId != first->itemRowId; });
        std::sort(first, last, [](const auto& a, const auto& b) { return a.type < b.type; });
        first = last;
    }
    return out;
}

std::map<std::string, std::vector<std::string>> errorTypeNamesByItem(Database& db, long long runId,
                                                                     ScoringRuleKind rule) {
    std::map<std::string, std::vector<std::string>> byItem;
    for (const StoredErrorType& e : readErrorTypes(db, runId, rule))
        byItem[e.itemId].push_back(std::string(toString(e.type)));
    return byItem;
}

std::vector<std::string> datasetLabels(Database& db, long long datasetId) {
    Statement kindOf = db.prepare("SELECT kind FROM datasets WHERE id = ?");
    kindOf.bind(1, datasetId);
    const DatasetKind kind =
        kindOf.step() ? parseDatasetKind(kindOf.columnText(0)).value_or(DatasetKind::Generic)
                      : DatasetKind::Generic;
    std::vector<std::string> labels = ruleFor(kind).labels();
    if (!labels.empty()) return labels;
    Statement st = db.prepare(
        "SELECT DISTINCT gold_label FROM items WHERE dataset_id = ? AND gold_label <> ''"
        " ORDER BY gold_label");
    st.bind(1, datasetId);
    while (st.step()) labels.push_back(st.columnText(0));
    return labels;
}

}  // namespace ts::store
