#include "core/data/trace_check_csv_loader.h"

#include <algorithm>
#include <optional>

#include "core/data/cotempqa_loader.h"
#include "core/data/csv_cells.h"
#include "core/data/loader_support.h"
#include "core/data/msmarco_loader.h"
#include "core/data/python_literal.h"
#include "core/decompose/babi_rule.h"
#include "core/decompose/msmarco_rule.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPromptHead = "Answer the question based on the context:\n";
constexpr std::string_view kQuestionMark = "\nQuestion: ";
constexpr std::string_view kPromptTail = " Only return the answer.\n";
// The MS MARCO script's template (its inference form, used for training too).
constexpr std::string_view kPromptTailNewline = "\nOnly return the answer.\n";
constexpr std::string_view kCategorySentence =
    "The category of the question represents what is being asked in that question. "
    "The category of the question asked is: ";
constexpr std::string_view kCoTempQaReasoning =
    "The temporal relation between the event in question and the event in context is: ";

// Rows of dataset_with_labels.csv before each class (the classes in
// alphabetical order; CoTempQA has 3096 during, 436 equal, 563 mix, 653 overlap).
struct ClassRows {
    std::int64_t first, count;
};
ClassRows classRows(const std::string& cls) {
    if (cls == "during") return {0, 3096};
    if (cls == "equal") return {3096, 436};
    if (cls == "mix") return {3532, 563};
    return {4095, 653};  // overlap
}

std::string paperPrompt(std::string_view context, std::string_view question,
                        std::string_view tail = kPromptTail) {
    std::string out(kPromptHead);
    out += context;
    out += kQuestionMark;
    out += question;
    out += tail;
    return out;
}

// The `answers` cell: a list repr (the paper's test file), or one answer as
// written (its train file).
std::vector<std::string> marcoAnswers(const std::string& cell) {
    if (startsWith(cell, "[")) {
        try {
            return parsePythonStringList(cell);
        } catch (const Error&) {
            // an answer that merely begins with '['
        }
    }
    return {cell};
}

// answer_passage as a list repr of passages, or nullopt.
std::optional<std::vector<std::string>> passageList(const std::string& cell) {
    if (!startsWith(cell, "[")) return std::nullopt;
    try {
        return parsePythonStringList(cell);
    } catch (const Error&) {
        return std::nullopt;
    }
}

// The assistant message's content in a `messages` cell.
std::string assistantTarget(const CsvCells& cells, std::size_t row, std::size_t column) {
    const nlohmann::json messages = cells.literal(row, column);
    if (!messages.is_array()) cells.fail(row, column, "expected a list of message dicts");
    for (const auto& m : messages) {
        if (!m.is_object() || !m.contains("role") || !m.contains("content") ||
            !m["role"].is_string() || !m["content"].is_string())
            cells.fail(row, column, "each message must be a dict with str 'role' and 'content'");
        if (m["role"] == "assistant") return m["content"].get<std::string>();
    }
    cells.fail(row, column, "no assistant message");
}

std::string coTempQaClass(const CsvCells& cells, std::size_t row, std::size_t cReasoning,
                          const std::string& fromFileName) {
    const std::string& reasoning = cells.text(row, cReasoning);
    std::string cls;
    if (startsWith(reasoning, kCoTempQaReasoning)) {
        std::string_view rest = std::string_view(reasoning).substr(kCoTempQaReasoning.size());
        const auto dot = rest.find('.');
        if (dot == std::string_view::npos)
            cells.fail(row, cReasoning, "the class sentence has no final '.'");
        cls = std::string(rest.substr(0, dot));
    }
    if (!cls.empty() && cls != "equal" && cls != "overlap" && cls != "during" && cls != "mix")
        cells.fail(row, cReasoning,
                   "unknown CoTempQA class '" + cls + "' (expected equal, overlap, during or mix)");
    if (cls.empty()) {
        if (fromFileName.empty())
            cells.fail(
                row, cReasoning,
                "no class: the reasoning cell is not the paper's class sentence and the file "
                "name names no CoTempQA class");
        return fromFileName;
    }
    if (!fromFileName.empty() && cls != fromFileName)
        cells.fail(row, cReasoning,
                   "the reasoning names class '" + cls + "' but the file is the '" + fromFileName +
                       "' file");
    return cls;
}

// "...\nQuestion: <q> Only return the answer.\n" -> <q>, after checking the
// prompt's context is exactly contextBlock.
std::string questionFromPrompt(const CsvCells& cells, std::size_t row, std::size_t column,
                               const std::string& contextBlock) {
    const std::string& prompt = cells.text(row, column);
    const std::string expectedHead =
        std::string(kPromptHead) + contextBlock + std::string(kQuestionMark);
    if (!startsWith(prompt, kPromptHead) || !endsWith(prompt, kPromptTail) ||
        prompt.find(kQuestionMark) == std::string::npos)
        cells.fail(row, column,
                   "the prompt does not have the paper's shape \"Answer the question based on the "
                   "context:\\n...\\nQuestion: <q> Only return the answer.\\n\"");
    if (!startsWith(prompt, expectedHead))
        cells.fail(row, column, "the prompt's context is not the facts cell of the same row");
    return prompt.substr(expectedHead.size(),
                         prompt.size() - expectedHead.size() - kPromptTail.size());
}

// Maps answer_passage lines to passage indices. A line can occur twice in a
// story; the lines are in story order, so they are matched from the last
// one backwards, each to its latest occurrence before the next match.
std::vector<int> supportingPositions(const CsvCells& cells, std::size_t row, std::size_t column,
                                     const std::vector<std::string>& passages) {
    const std::vector<std::string> lines = cells.stringList(row, column);
    std::vector<int> out(lines.size());
    std::size_t limit = passages.size();
    for (std::size_t k = lines.size(); k-- > 0;) {
        std::size_t pos = limit;
        while (pos > 0 && passages[pos - 1] != lines[k]) --pos;
        if (pos == 0)
            cells.fail(row, column,
                       "answer passage line '" + lines[k] + "' is not one of the passages" +
                           (limit < passages.size() ? " (in story order)" : ""));
        out[k] = static_cast<int>(pos - 1);
        limit = pos - 1;
    }
    return out;
}

class TraceCheckCsvReader {
public:
    TraceCheckCsvReader(const fs::path& path, const LoadOptions& options)
        : path_(path), options_(options), table_(readCsv(path)), cells_(table_) {
        split_ = splitFromFileName(path);
        if (split_.empty()) split_ = "test";
    }

    Dataset read() {
        const TraceCheckCsvVariant variant = traceCheckCsvVariant(table_);
        Dataset ds;
        ds.kind = variant == TraceCheckCsvVariant::CoTempQA ? DatasetKind::CoTempQA
                  : variant == TraceCheckCsvVariant::Babi   ? DatasetKind::Babi
                                                            : DatasetKind::MsMarco;
        ds.name = std::string(datasetKindName(ds.kind));
        ds.sourceFiles = {table_.path};
        if (table_.rows.empty()) throw Error("no data rows below the header", {table_.path});
        const std::string message = "reading " + path_.filename().string();
        for (std::size_t r = 0; r < table_.rows.size(); ++r) {
            if (r % 256 == 0)
                options_.progress.report(static_cast<double>(r) / table_.rows.size(), message);
            ds.items.push_back(variant == TraceCheckCsvVariant::CoTempQA ? coTempQaRow(r)
                               : variant == TraceCheckCsvVariant::Babi   ? babiRow(r)
                                                                         : marcoRow(r));
        }
        options_.progress.report(1.0, message);
        return ds;
    }

private:
    fs::path path_;
    const LoadOptions& options_;
    CsvTable table_;
    CsvCells cells_;
    std::string split_;  // MS MARCO rows: from the file name

    void addCommonMeta(Item& item, std::size_t r) const {
        item.meta["row"] = r;
        if (table_.hasColumn("messages"))
            item.meta["assistant_target"] = assistantTarget(cells_, r, table_.column("messages"));
    }

    Item coTempQaRow(std::size_t r) const {
        CoTempQaRecord rec;
        const std::size_t cIndex = table_.column("index"), cFacts = table_.column("facts"),
                          cPrompt = table_.column("question");
        rec.cls =
            coTempQaClass(cells_, r, table_.column("reasoning"), coTempQaClassFromFileName(path_));
        const std::int64_t global = cells_.integer(r, cIndex);
        const ClassRows rows = classRows(rec.cls);
        rec.index = global - rows.first;
        if (rec.index < 0 || rec.index >= rows.count)
            cells_.fail(r, cIndex,
                        "index " + std::to_string(global) + " is outside the '" + rec.cls +
                            "' rows of the paper's dataset (" + std::to_string(rows.first) + ".." +
                            std::to_string(rows.first + rows.count - 1) + ")");
        rec.tripleElement = cells_.text(r, table_.column("triple_element"));
        rec.facts = cells_.stringList(r, cFacts);
        rec.answers = cells_.stringList(r, table_.column("answer"));
        rec.question = questionFromPrompt(cells_, r, cPrompt, pythonReprList(rec.facts));
        Item item = makeCoTempQaItem(rec, "test", table_.path, table_.rowLines[r]);
        item.meta["dataset_index"] = global;
        addCommonMeta(item, r);
        return item;
    }

    Item babiRow(std::size_t r) const {
        const std::size_t cPassages = table_.column("passages"),
                          cType = table_.column("query_type");
        const std::vector<std::string> passages = cells_.stringList(r, cPassages);
        const std::string taskName = cells_.text(r, cType);
        const auto task = babiTaskNumber(taskName);
        if (!task) cells_.fail(r, cType, "unknown bAbI task name '" + taskName + "'");
        Item item;
        item.id = "qa" + std::to_string(*task) + "/test/row" + std::to_string(r);
        item.split = "test";
        item.question = cells_.text(r, table_.column("question"));
        const std::size_t cQuery = table_.column("query");
        if (cells_.text(r, cQuery) != paperPrompt(join(passages, "\n"), item.question))
            cells_.fail(r, cQuery,
                        "the prompt is not the paper's prompt of this row's passages and question");
        for (std::size_t i = 0; i < passages.size(); ++i)
            item.context.push_back({passages[i], static_cast<int>(i + 1)});
        item.goldAnswers = {cells_.text(r, table_.column("answer"))};
        std::vector<int> supporting;
        for (int pos : supportingPositions(cells_, r, table_.column("answer_passage"), passages))
            supporting.push_back(pos + 1);
        item.meta["task"] = *task;
        item.meta["task_name"] = taskName;
        item.meta["supporting_ids"] = supporting;
        addCommonMeta(item, r);
        applyDecompositionRule(item, DatasetKind::Babi, table_.path, table_.rowLines[r]);
        return item;
    }

    Item marcoRow(std::size_t r) const {
        const std::size_t cPassages = table_.column("passages"), cQuery = table_.column("query"),
                          cAnswers = table_.column("answers");
        const std::vector<std::string> passages = cells_.stringList(r, cPassages);
        Item item;
        item.id = "marco/" + split_ + "/row" + std::to_string(r);
        item.split = split_;
        item.question = cells_.text(r, table_.column("question"));
        const std::string& prompt = cells_.text(r, cQuery);
        const std::string context = pythonReprList(passages);
        if (prompt != paperPrompt(context, item.question, kPromptTailNewline) &&
            prompt != paperPrompt(context, item.question))
            cells_.fail(r, cQuery,
                        "the prompt is not the paper's prompt of this row's passages and question");
        for (std::size_t i = 0; i < passages.size(); ++i)
            item.context.push_back({passages[i], static_cast<int>(i)});
        const std::string& answersCell = cells_.text(r, cAnswers);
        item.goldAnswers = marcoAnswers(answersCell);
        item.meta["query_type"] = marcoQueryType(r);
        item.meta["answers_cell"] = answersCell;
        item.meta["answer_passage_cell"] = cells_.text(r, table_.column("answer_passage"));
        item.meta["gold_passage_rule"] = "answer_passage";
        item.goldRetrieval = marcoGoldPassages(r, item, answersCell);
        addCommonMeta(item, r);
        applyDecompositionRule(item, DatasetKind::MsMarco, table_.path, table_.rowLines[r]);
        return item;
    }

    // query_type, checked against the class sentence of `reasoning`.
    std::string marcoQueryType(std::size_t r) const {
        const std::size_t cType = table_.column("query_type"),
                          cReasoning = table_.column("reasoning");
        const std::string& type = cells_.text(r, cType);
        const std::string& reasoning = cells_.text(r, cReasoning);
        if (!startsWith(reasoning, kCategorySentence))
            cells_.fail(r, cReasoning,
                        "not the paper's class sentence \"The category of the question ...\"");
        const std::string_view named = std::string_view(reasoning).substr(kCategorySentence.size());
        if (toUpperAscii(std::string(named.substr(0, named.find('.')))) != toUpperAscii(type))
            cells_.fail(r, cReasoning,
                        "the class sentence names another class than query_type '" + type + "'");
        return type;
    }

    std::vector<int> marcoGoldPassages(std::size_t r, const Item& item,
                                       const std::string& answersCell) const {
        const std::size_t cPassage = table_.column("answer_passage");
        const std::string& cell = cells_.text(r, cPassage);
        const std::vector<std::string> texts = item.contextTexts();
        const auto indexOf = [&](const std::string& text) {
            for (std::size_t i = 0; i < texts.size(); ++i)
                if (texts[i] == text) return static_cast<int>(i);
            return -1;
        };
        if (cell.empty() || marcoNoAnswerPresent(item)) return {};
        if (const int i = indexOf(cell); i >= 0) return {i};
        if (cell == answersCell) {  // the paper's test file: answer_passage = answers
            if (item.goldAnswers.empty()) return {};
            const int best = maxWordOverlapPassage(texts, item.goldAnswers.front());
            return best >= 0 ? std::vector<int>{best} : std::vector<int>{};
        }
        if (const auto list = passageList(cell)) {
            std::vector<int> out;
            for (const std::string& text : *list) {
                const int i = indexOf(text);
                if (i < 0)
                    cells_.fail(r, cPassage,
                                "a passage of answer_passage is not one of the passages");
                out.push_back(i);
            }
            return out;
        }
        cells_.fail(r, cPassage,
                    "answer_passage is neither one of the row's passages, a list of them, the "
                    "answers cell, nor empty");
    }
};

}  // namespace

TraceCheckCsvVariant traceCheckCsvVariant(const CsvTable& table) {
    const auto missing = [&](std::initializer_list<const char*> names) {
        std::vector<std::string> out;
        for (const char* n : names)
            if (!table.hasColumn(n)) out.push_back(n);
        return out;
    };
    const auto cotemp =
        missing({"index", "triple_element", "facts", "question", "reasoning", "answer"});
    if (cotemp.empty()) return TraceCheckCsvVariant::CoTempQA;
    const auto babi = missing(
        {"passages", "query", "question", "query_type", "reasoning", "answer_passage", "answer"});
    if (babi.empty()) return TraceCheckCsvVariant::Babi;
    const auto marco = missing(
        {"answers", "passages", "query", "question", "query_type", "reasoning", "answer_passage"});
    if (marco.empty()) return TraceCheckCsvVariant::MsMarco;
    throw Error("not a Trace_Check_QA CSV: the CoTempQA variant lacks columns " +
                    join(cotemp, ", ") + "; the bAbI variant lacks " + join(babi, ", ") +
                    "; the MS MARCO variant lacks " + join(marco, ", "),
                {table.path, 1});
}

Dataset loadTraceCheckQaCsv(const fs::path& path, const LoadOptions& options) {
    return TraceCheckCsvReader(path, options).read();
}

}  // namespace ts
