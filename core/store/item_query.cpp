#include "core/store/item_query.h"

#include <variant>

#include <nlohmann/json.hpp>

#include "core/store/effective_verdicts.h"
#include "core/store/item_reader.h"
#include "core/store/run_lookup.h"
#include "core/store/verdict_codec.h"
#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace ts::store {

std::string_view toString(TraceStep step) {
    switch (step) {
        case TraceStep::Class:
            return "class";
        case TraceStep::Retrieval:
            return "retrieval";
        case TraceStep::Trace:
            return "trace";
    }
    return "trace";
}

namespace {

std::vector<std::string> splitWords(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

}  // namespace

std::string ftsQueryFromWords(const std::string& text) {
    std::string out;
    for (const std::string& word : splitWords(text)) {
        if (!out.empty()) out += ' ';
        out += '"';
        for (char c : word) {
            if (c == '"') out += '"';  // FTS5 escapes a quote inside a string by doubling it
            out += c;
        }
        out += '"';
    }
    return out;
}

namespace {

// A WHERE clause assembled from the filter with its bound values in order.
struct Query {
    std::string where;
    std::vector<std::variant<long long, std::string>> values;

    void add(const std::string& condition) { where += " AND " + condition; }
    void add(const std::string& condition, long long v) {
        add(condition);
        values.emplace_back(v);
    }
    void add(const std::string& condition, const std::string& v) {
        add(condition);
        values.emplace_back(v);
    }
    void bindAll(Statement& st, int first) const {
        int i = first;
        for (const auto& v : values) {
            if (const auto* n = std::get_if<long long>(&v))
                st.bind(i++, *n);
            else
                st.bind(i++, std::get<std::string>(v));
        }
    }
};

const std::string& stepColumn(const VerdictSql& sql, TraceStep step) {
    switch (step) {
        case TraceStep::Class:
            return sql.classStep;
        case TraceStep::Retrieval:
            return sql.retrieval;
        case TraceStep::Trace:
            return sql.trace;
    }
    return sql.trace;
}

// "ok" in a table cell: Ok, or Partial when the retrieval mode is Any.
std::string okCondition(const std::string& column, RetrievalMode mode) {
    return mode == RetrievalMode::Any ? column + " IN (0, 2)" : column + " = 0";
}

Query buildQuery(const ItemFilter& f) {
    Query q;
    const VerdictSql sql = verdictSql(f.view.rule);
    auto verdict = [&](const std::string& column, const std::optional<StepVerdict>& v) {
        if (v) q.add(column + " = ?", encode(*v));
    };
    verdict(sql.classStep, f.classStep);
    verdict(sql.retrieval, f.retrievalStep);
    verdict(sql.trace, f.trace);
    verdict(sql.answer, f.answer);
    if (f.cell) {
        const std::string& step = stepColumn(sql, f.cell->step);
        q.add(step + " <> 3 AND " + sql.answer + " <> 3");
        const std::string ok = okCondition(step, f.mode);
        q.add(f.cell->stepOk ? ok : "NOT (" + ok + ")");
        q.add(f.cell->answerOk ? sql.answer + " = 0" : sql.answer + " <> 0");
    }
    if (f.goldLabel) q.add("i.gold_label = ?", *f.goldLabel);
    if (f.predictedLabel) q.add("v.predicted_label = ?", *f.predictedLabel);
    if (f.parse) q.add("v.parse_status = ?", encode(*f.parse));
    if (f.annotated)
        q.add(std::string(*f.annotated ? "" : "NOT ") +
              "EXISTS (SELECT 1 FROM annotations a WHERE a.run_id = p.run_id AND a.item_id = "
              "p.item_id)");
    if (!f.itemKeys.empty()) {
        std::string in = "i.item_key IN (";
        for (std::size_t k = 0; k < f.itemKeys.size(); ++k) {
            in += k ? ", ?" : "?";
            q.values.emplace_back(f.itemKeys[k]);
        }
        q.add(in + ")");
    }
    if (f.tag)
        q.add(
            "EXISTS (SELECT 1 FROM annotations a JOIN annotation_tags t ON t.annotation_id = a.id"
            " WHERE a.run_id = p.run_id AND a.item_id = p.item_id AND t.tag = ?)",
            *f.tag);
    // Plain words: each word must occur in the item (question, context) or in
    // the prediction, so "telescope castle" finds an item whose question says
    // castle and whose prediction says telescope. An FTS query is matched
    // against each source as a whole.
    std::vector<std::string> terms;
    if (f.textIsFtsQuery) {
        if (!f.text.empty()) terms.push_back(f.text);
    } else {
        for (const std::string& word : splitWords(f.text)) terms.push_back(ftsQueryFromWords(word));
    }
    for (const std::string& term : terms) {
        q.add(
            "(p.item_id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"
            " OR p.id IN (SELECT rowid FROM predictions_fts WHERE predictions_fts MATCH ?))");
        q.values.emplace_back(term);
        q.values.emplace_back(term);
    }
    return q;
}

// The verdict join is a LEFT JOIN so items without a verdict under the rule
// still list; any verdict condition in WHERE rejects NULLs, and SQLite then
// turns it into an inner join driven by the verdicts primary key. The human
// rule joins the prepared overrides after it (effective_verdicts.h).
std::string fromClause(const ItemFilter& filter) {
    return " FROM predictions p JOIN items i ON i.id = p.item_id"
           " LEFT JOIN verdicts v ON v.run_id = p.run_id AND v.rule = ? AND v.item_id = p.item_id" +
           verdictSql(filter.view.rule).join + " WHERE p.run_id = ?";
}

Statement prepareFiltered(Database& db, const std::string& select, long long runId,
                          const ItemFilter& filter, const std::string& tail) {
    const Query q = buildQuery(filter);
    prepareEffectiveVerdicts(db, runId, filter.view);
    try {
        Statement st = db.prepare(select + fromClause(filter) + q.where + tail);
        st.bind(1, verdictSql(filter.view.rule).storedRuleCode).bind(2, runId);
        q.bindAll(st, 3);
        return st;
    } catch (const Error& e) {
        throw Error("invalid item query: " + e.message(), e.where());
    }
}

template <typename F>
void stepChecked(Statement& st, F&& onRow) {
    try {
        while (st.step()) onRow();
    } catch (const Error& e) {
        // FTS5 reports query syntax errors when the statement runs.
        throw Error("item query failed: " + e.message(), e.where());
    }
}

}  // namespace

std::vector<ItemRow> findItems(Project& project, long long runId, const ItemFilter& filter) {
    Database& db = project.db();
    const VerdictSql sql = verdictSql(filter.view.rule);
    Statement st = prepareFiltered(
        db,
        "SELECT p.item_id, i.item_key, i.question, i.gold_label, v.item_id IS NOT NULL,"
        " v.parse_status, " + sql.classStep + ", " + sql.retrieval + ", " + sql.trace + ", " + sql.answer + ","
        " v.predicted_label, v.answer_f1,"
        " EXISTS (SELECT 1 FROM annotations a WHERE a.run_id = p.run_id AND a.item_id = p.item_id),"
        " (SELECT d.extracted_answer FROM verdict_details d"
        "   WHERE d.run_id = p.run_id AND d.rule = v.rule AND d.item_id = p.item_id), " + sql.humanSteps +
        ", v.unevaluated_reason",
        runId, filter, " ORDER BY p.item_id LIMIT ? OFFSET ?");
    const int limitIndex = 3 + static_cast<int>(buildQuery(filter).values.size());
    st.bind(limitIndex, filter.limit).bind(limitIndex + 1, filter.offset);
    std::vector<ItemRow> rows;
    stepChecked(st, [&] {
        ItemRow r;
        r.itemRowId = st.columnInt(0);
        r.itemId = st.columnText(1);
        r.question = st.columnText(2);
        r.goldLabel = st.columnText(3);
        r.hasVerdict = st.columnInt(4) != 0;
        if (r.hasVerdict) {
            r.parse = decodeParseStatus(st.columnInt(5));
            r.classStep = decodeStepVerdict(st.columnInt(6));
            r.retrievalStep = decodeStepVerdict(st.columnInt(7));
            r.trace = decodeStepVerdict(st.columnInt(8));
            r.answer = decodeStepVerdict(st.columnInt(9));
            r.predictedLabel = st.columnText(10);
            r.answerF1 = st.columnDouble(11);
        }
        r.annotated = st.columnInt(12) != 0;
        if (r.hasVerdict) r.extractedAnswer = st.columnText(13);
        r.humanSteps = static_cast<int>(st.columnInt(14));
        if (r.hasVerdict) r.unevaluatedReason = decodeUnevaluatedReason(st.columnInt(15));
        rows.push_back(std::move(r));
    });
    return rows;
}

long long countItems(Project& project, long long runId, const ItemFilter& filter) {
    Database& db = project.db();
    Statement st = prepareFiltered(db, "SELECT COUNT(*)", runId, filter, "");
    long long count = 0;
    stepChecked(st, [&] { count = st.columnInt(0); });
    return count;
}

ItemDetail loadItemDetail(Project& project, long long runId, const std::string& itemId) {
    Database& db = project.db();
    ItemDetail d;
    d.itemRowId = requireItemRowId(db, runId, itemId);
    d.item = readItem(db, d.itemRowId);
    {
        Statement st =
            db.prepare("SELECT raw_text FROM predictions WHERE run_id = ? AND item_id = ?");
        st.bind(1, runId).bind(2, d.itemRowId);
        if (!st.step())
            throw Error("the run has no prediction for item '" + itemId + "'",
                        ErrorLocation(db.path(), 0, itemId));
        d.prediction = st.columnText(0);
    }
    Statement st = db.prepare(
        "SELECT v.rule, v.parse_status, v.class_verdict, v.retrieval_verdict, v.trace_verdict,"
        " v.answer_verdict, v.unevaluated_reason, v.predicted_label, v.gold_count, v.gold_cited,"
        " v.retrieval_precision, v.answer_em, v.answer_f1, v.answer_precision, v.answer_recall,"
        " d.extracted_answer, d.details"
        " FROM verdicts v JOIN verdict_details d"
        "   ON d.run_id = v.run_id AND d.rule = v.rule AND d.item_id = v.item_id"
        " WHERE v.run_id = ? AND v.item_id = ? ORDER BY v.rule");
    st.bind(1, runId).bind(2, d.itemRowId);
    while (st.step()) {
        ItemVerdict v;
        v.itemId = itemId;
        v.rule = decodeRule(st.columnInt(0));
        v.parse = decodeParseStatus(st.columnInt(1));
        v.classStep = decodeStepVerdict(st.columnInt(2));
        v.retrievalStep = decodeStepVerdict(st.columnInt(3));
        v.trace = decodeStepVerdict(st.columnInt(4));
        v.answer = decodeStepVerdict(st.columnInt(5));
        v.evidence.unevaluatedReason = decodeUnevaluatedReason(st.columnInt(6));
        v.predictedLabel = st.columnText(7);
        v.goldCount = static_cast<int>(st.columnInt(8));
        v.goldCited = static_cast<int>(st.columnInt(9));
        v.retrievalPrecision = st.columnOptionalDouble(10);
        v.answerScore.exactMatch = st.columnInt(11) != 0;
        v.answerScore.f1 = st.columnDouble(12);
        v.answerScore.precision = st.columnDouble(13);
        v.answerScore.recall = st.columnDouble(14);
        v.extractedAnswer = st.columnText(15);
        nlohmann::json details;
        const std::string detailsText = st.columnText(16);
        if (jsonDepthExceededAt(detailsText))
            throw Error("malformed verdict details: nested deeper than " +
                            std::to_string(kMaxJsonDepth) + " levels",
                        ErrorLocation(db.path(), 0, itemId));
        try {
            details = nlohmann::json::parse(detailsText);
        } catch (const nlohmann::json::exception& e) {
            throw Error(std::string("malformed verdict details: ") + e.what(),
                        ErrorLocation(db.path(), 0, itemId));
        }
        readVerdictDetails(details, v);
        d.verdicts.push_back(std::move(v));
    }
    return d;
}

}  // namespace ts::store
