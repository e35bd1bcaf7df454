#include "core/score/trace_check_qa_reader.h"

#include <deque>
#include <unordered_map>

#include "core/data/python_literal.h"
#include "core/decompose/msmarco_rule.h"
#include "core/score/json_lines.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {
namespace {

void requireSupportedKind(DatasetKind kind) {
    if (kind == DatasetKind::Generic)
        throw Error(
            "the Trace_Check_QA predictions layout exists for cotempqa, babi and msmarco only; "
            "score other datasets from a native predictions file");
}

// The record's gold as the gold CSV holds it, to compare with the row's.
std::vector<std::string> goldOfItem(const Item& item, DatasetKind kind) {
    if (kind == DatasetKind::MsMarco) return {marcoAnswersCell(item)};
    return item.goldAnswers;
}

// The matching key: the raw question and the context list, unambiguously joined.
std::string itemKey(std::string_view question, const std::vector<std::string>& context) {
    std::string key(question);
    for (const auto& unit : context) {
        key += '\x1f';
        key += unit;
    }
    return key;
}

std::string preview(std::string_view s) {
    return s.size() <= 120 ? std::string(s) : std::string(s.substr(0, 117)) + "...";
}

std::size_t rowOf(const Item& item) {
    const auto it = item.meta.find("row");
    if (it == item.meta.end() || !it->is_number_integer() || it->get<long long>() < 0)
        throw Error("gold item '" + item.id +
                    "' has no meta \"row\" (load the gold CSV with "
                    "the trace-check-qa-csv loader)");
    return static_cast<std::size_t>(it->get<long long>());
}

}  // namespace

std::vector<TraceCheckQaRecord> readTraceCheckQaRecords(const std::filesystem::path& path,
                                                        DatasetKind kind) {
    requireSupportedKind(kind);
    const std::string file = path.string();
    std::vector<TraceCheckQaRecord> out;
    forEachJsonLine(path, [&](const nlohmann::json& rec, std::size_t line) {
        if (rec.contains("item_id") && !rec.contains("gold"))
            throw Error(
                "this is a native predictions record (item_id), not a Trace_Check_QA one; "
                "score it against a dataset instead of pairing it with a gold CSV",
                {file, line});
        TraceCheckQaRecord r;
        r.line = line;
        r.prediction = requireString(rec, "prediction", file, line);
        r.question = requireString(rec, "question", file, line);
        if (kind == DatasetKind::CoTempQA) {
            r.gold = requireStringList(rec, "gold", file, line);
            r.context = requireStringList(rec, "facts", file, line);
        } else if (kind == DatasetKind::MsMarco) {
            // gold and passage are the CSV's answers and passages cells.
            r.gold = {requireString(rec, "gold", file, line)};
            const std::string passage = requireString(rec, "passage", file, line);
            try {
                r.context = parsePythonStringList(passage);
            } catch (const Error& e) {
                throw Error(e.message(), {file, line, "passage"});
            }
        } else {
            r.gold = {requireString(rec, "gold", file, line)};
            const std::string passage = requireString(rec, "passage", file, line);
            try {
                r.context = parsePythonStringList(passage);
            } catch (const Error& e) {
                throw Error(e.message(), {file, line, "passage"});
            }
        }
        out.push_back(std::move(r));
    });
    return out;
}

LegacyGoldTable legacyGoldTableFromCsv(const CsvTable& table, DatasetKind kind,
                                       const Dataset& goldItems) {
    requireSupportedKind(kind);
    const std::size_t cAnswer = table.column(kind == DatasetKind::MsMarco ? "answers" : "answer");
    const std::size_t cReasoning = table.column("reasoning");
    const std::size_t cFacts = table.column(kind == DatasetKind::CoTempQA ? "facts" : "passages");
    const bool hasIndex = table.hasColumn("index");
    const std::size_t cIndex = hasIndex ? table.column("index") : 0;

    std::vector<std::string> itemOfRow(table.rows.size());
    for (const Item& item : goldItems.items) {
        const std::size_t row = rowOf(item);
        if (row < itemOfRow.size()) itemOfRow[row] = item.id;
    }

    LegacyGoldTable out;
    out.kind = kind;
    out.path = table.path;
    out.rows.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& cells = table.rows[r];
        LegacyGoldRow row;
        row.answerCell = cells[cAnswer];
        row.reasoning = cells[cReasoning];
        try {
            row.facts = parsePythonStringList(cells[cFacts]);
        } catch (const Error& e) {
            throw Error(e.message(), {table.path, table.rowLines[r], table.header[cFacts]});
        }
        row.id = hasIndex ? cells[cIndex] : std::to_string(r);
        row.itemId = itemOfRow[r];
        row.line = table.rowLines[r];
        out.rows.push_back(std::move(row));
    }
    return out;
}

ScoringPair readTraceCheckQaPair(const std::filesystem::path& predictions,
                                 const std::filesystem::path& goldCsv, const Dataset& goldItems,
                                 DatasetKind kind) {
    requireSupportedKind(kind);
    const std::string file = predictions.string();
    const std::vector<TraceCheckQaRecord> records = readTraceCheckQaRecords(predictions, kind);
    const CsvTable table = readCsv(goldCsv);
    if (goldItems.items.size() != table.rows.size())
        throw Error("the loaded gold items (" + std::to_string(goldItems.items.size()) +
                        ") do not match the rows of the gold CSV (" +
                        std::to_string(table.rows.size()) + ")",
                    {goldCsv.string()});

    ScoringPair pair;
    pair.predictionsPath = file;
    pair.goldPath = goldCsv.string();
    pair.kind = kind;
    pair.legacyGold =
        std::make_shared<const LegacyGoldTable>(legacyGoldTableFromCsv(table, kind, goldItems));

    std::unordered_map<std::string, std::deque<std::size_t>> byKey;
    for (std::size_t i = 0; i < goldItems.items.size(); ++i) {
        const Item& item = goldItems.items[i];
        byKey[itemKey(item.question, item.contextTexts())].push_back(i);
    }

    for (const TraceCheckQaRecord& rec : records) {
        auto it = byKey.find(itemKey(rec.question, rec.context));
        if (it == byKey.end())
            throw Error("no row of " + goldCsv.string() +
                            " has this record's question and context (question: '" +
                            preview(rec.question) +
                            "'): is the predictions file paired with the right gold CSV?",
                        {file, rec.line});
        if (it->second.empty())
            throw Error("every row of " + goldCsv.string() +
                            " with this record's question and context is already taken by an "
                            "earlier record (question: '" +
                            preview(rec.question) + "')",
                        {file, rec.line});
        const Item& item = goldItems.items[it->second.front()];
        it->second.pop_front();
        if (rec.gold != goldOfItem(item, kind))
            throw Error("the record's gold answer " + pythonReprList(rec.gold) +
                            " differs from the gold CSV's " +
                            pythonReprList(goldOfItem(item, kind)) + " (row at line " +
                            std::to_string(table.rowLines[rowOf(item)]) + " of " +
                            goldCsv.string() + ")",
                        {file, rec.line, "gold"});
        pair.items.push_back(item);
        pair.predictions.push_back(rec.prediction);
        pair.lines.push_back(rec.line);
    }
    pair.unansweredItems = goldItems.items.size() - records.size();
    return pair;
}

}  // namespace ts
