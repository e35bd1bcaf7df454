#include "tests/decompose/paper_items.h"

#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/data/python_literal.h"
#include "core/decompose/babi_rule.h"
#include "core/decompose/rule.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace ts::test {

namespace fs = std::filesystem;

namespace {

void decompose(Dataset& ds) {
    const auto& rule = ruleFor(ds.kind);
    for (auto& item : ds.items) {
        item.goldLabel = rule.goldLabel(item);
        item.goldRetrieval = rule.goldRetrieval(item);
    }
    validateDataset(ds);
}

std::string messageOfRole(const std::string& cell, const std::string& role) {
    const nlohmann::json msgs = parsePythonLiteral(cell);
    for (const auto& m : msgs)
        if (m.at("role").get<std::string>() == role) return m.at("content").get<std::string>();
    throw std::runtime_error("no " + role + " message in cell");
}

// "Answer the question based on the context:\n{context}\nQuestion: {q} Only return the answer.\n"
// -> q
std::string rawQuestion(const std::string& prompt, const std::string& context) {
    const std::string head =
        "Answer the question based on the context:\n" + context + "\nQuestion: ";
    const std::string tail = " Only return the answer.\n";
    if (!startsWith(prompt, head) || !endsWith(prompt, tail) ||
        prompt.size() < head.size() + tail.size())
        throw std::runtime_error("prompt does not have the training form");
    return prompt.substr(head.size(), prompt.size() - head.size() - tail.size());
}

struct BabiFirstQuestion {
    std::vector<ContextUnit> statements;
    std::string question, answer;
    std::vector<int> supporting;
};

std::vector<BabiFirstQuestion> babiFirstQuestions(const fs::path& file) {
    std::vector<BabiFirstQuestion> out;
    LineReader reader(file);
    std::string line;
    BabiFirstQuestion cur;
    bool asked = false;
    while (reader.next(line)) {
        const auto sp = line.find(' ');
        const int n = std::stoi(line.substr(0, sp));
        const std::string rest = line.substr(sp + 1);
        if (n == 1) {
            cur = {};
            asked = false;
        }
        if (rest.find('\t') == std::string::npos) {
            if (!asked) cur.statements.push_back({rest, n});
            continue;
        }
        if (asked) continue;
        asked = true;
        const auto parts = split(rest, '\t');
        cur.question = trim(parts.at(0));
        cur.answer = parts.at(1);
        for (const auto& id : split(trim(parts.at(2)), ' '))
            cur.supporting.push_back(std::stoi(id));
        out.push_back(cur);
    }
    return out;
}

}  // namespace

Dataset paperCotempItems(const fs::path& csvPath) {
    std::map<long long, std::string> classOfIndex;
    for (const char* cls : {"equal", "overlap", "during", "mix"}) {
        const CsvTable t = readCsv(csvPath.parent_path() / (std::string(cls) + "_test.csv"));
        for (const auto& row : t.rows) classOfIndex[std::stoll(row[t.column("index")])] = cls;
    }
    const CsvTable t = readCsv(csvPath);
    Dataset ds;
    ds.kind = DatasetKind::CoTempQA;
    ds.name = "paper-cotempqa";
    ds.sourceFiles = {csvPath.string()};
    for (const auto& row : t.rows) {
        Item it;
        const long long index = std::stoll(row[t.column("index")]);
        it.id = "row/" + std::to_string(index);
        it.split = "test";
        for (const auto& f : parsePythonStringList(row[t.column("facts")]))
            it.context.push_back({f, -1});
        it.goldAnswers = parsePythonStringList(row[t.column("answer")]);
        it.question = rawQuestion(row[t.column("question")], row[t.column("facts")]);
        it.meta["class"] = classOfIndex.at(index);
        it.meta["index"] = index;
        it.meta["triple_element"] = row[t.column("triple_element")];
        ds.items.push_back(std::move(it));
    }
    decompose(ds);
    return ds;
}

Dataset paperBabiItems(const fs::path& csvPath, const fs::path& babiEnDir) {
    // (statements, question) -> the raw story's first question, per task.
    std::map<std::pair<std::string, std::string>, BabiFirstQuestion> stories;
    for (const auto& entry : fs::directory_iterator(babiEnDir)) {
        for (const auto& q : babiFirstQuestions(entry.path())) {
            std::vector<std::string> texts;
            for (const auto& s : q.statements) texts.push_back(s.text);
            stories.emplace(std::make_pair(join(texts, "\n"), q.question), q);
        }
    }
    const CsvTable t = readCsv(csvPath);
    Dataset ds;
    ds.kind = DatasetKind::Babi;
    ds.name = "paper-babi";
    ds.sourceFiles = {csvPath.string()};
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        const auto passages = parsePythonStringList(row[t.column("passages")]);
        const std::string question = row[t.column("question")];
        const auto found = stories.find({join(passages, "\n"), question});
        if (found == stories.end())
            throw std::runtime_error("row " + std::to_string(r + 1) +
                                     ": story not found in raw bAbI");
        Item it;
        it.id = "row/" + std::to_string(r);
        it.split = "test";
        it.question = question;
        it.context = found->second.statements;
        it.goldAnswers = {row[t.column("answer")]};
        const auto task = babiTaskNumber(row[t.column("query_type")]);
        if (!task) throw std::runtime_error("unknown query_type " + row[t.column("query_type")]);
        it.meta["task"] = *task;
        it.meta["task_name"] = row[t.column("query_type")];
        it.meta["supporting_ids"] = found->second.supporting;
        ds.items.push_back(std::move(it));
    }
    decompose(ds);
    return ds;
}

Dataset rawCotempItems(const fs::path& jsonPath, const std::string& cls) {
    Dataset ds;
    ds.kind = DatasetKind::CoTempQA;
    ds.name = "cotempqa-" + cls;
    LineReader reader(jsonPath);
    std::string line;
    while (reader.next(line)) {
        if (trimView(line).empty()) continue;
        const auto j = nlohmann::json::parse(line);
        Item it;
        it.id = cls + "/" + std::to_string(j.at("index").get<int>());
        it.question = j.at("question").get<std::string>();
        for (const auto& f : j.at("facts")) it.context.push_back({f.get<std::string>(), -1});
        it.goldAnswers = j.at("answer").get<std::vector<std::string>>();
        it.meta["class"] = cls;
        it.meta["index"] = j.at("index");
        it.meta["triple_element"] = j.at("triple_element");
        ds.items.push_back(std::move(it));
    }
    decompose(ds);
    return ds;
}

Dataset marcoSampleItems(const fs::path& jsonPath, int* unanswered) {
    const auto all = nlohmann::json::parse(readFile(jsonPath));
    Dataset ds;
    ds.kind = DatasetKind::MsMarco;
    ds.name = "msmarco-sample";
    int skipped = 0;
    for (const auto& rec : all) {
        if (rec.at("answers").empty()) {
            ++skipped;
            continue;
        }
        Item it;
        it.id = "marco/" + std::to_string(rec.at("query_id").get<long long>());
        it.question = rec.at("query").get<std::string>();
        const auto& texts = rec.at("passages").at("passage_text");
        for (std::size_t i = 0; i < texts.size(); ++i)
            it.context.push_back({texts[i].get<std::string>(), int(i)});
        it.goldAnswers = rec.at("answers").get<std::vector<std::string>>();
        it.meta["query_type"] = rec.at("query_type");
        it.meta["is_selected"] = rec.at("passages").at("is_selected");
        ds.items.push_back(std::move(it));
    }
    if (unanswered) *unanswered = skipped;
    decompose(ds);
    return ds;
}

std::string assistantOfMessagesCell(const std::string& cell) {
    return messageOfRole(cell, "assistant");
}
std::string userOfMessagesCell(const std::string& cell) {
    return messageOfRole(cell, "user");
}

}  // namespace ts::test
