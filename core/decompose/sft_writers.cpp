#include "core/decompose/sft_writers.h"

#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/data/csv.h"
#include "core/decompose/msmarco_rule.h"
#include "core/decompose/rule.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace ts {

namespace {

std::string metaString(const Item& item, const char* key) {
    const auto it = item.meta.find(key);
    if (it == item.meta.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    return it->dump();
}

std::string contentOf(const SftExample& ex, std::string_view role) {
    for (const auto& m : ex.messages)
        if (m.role == role) return m.content;
    throw Error("SFT example for item '" + ex.itemId + "' has no " + std::string(role) +
                " message");
}

std::vector<std::string> cotempRow(const Item& item, std::size_t position, const SftExample& ex,
                                   const DecompositionRule& rule) {
    std::string index = std::to_string(position);
    if (const auto it = item.meta.find("index"); it != item.meta.end() && it->is_number_integer())
        index = std::to_string(it->get<long long>());
    return {index,
            metaString(item, "triple_element"),
            pythonReprList(item.contextTexts()),
            contentOf(ex, "user"),
            rule.classSentence(item.goldLabel),
            rule.answerText(item),
            pythonReprMessages(ex.messages)};
}

std::vector<std::string> passageRow(const Item& item, const SftExample& ex,
                                    const DecompositionRule& rule) {
    std::string queryType = metaString(item, "query_type");
    if (queryType.empty()) queryType = item.goldLabel;
    return {pythonReprList(item.contextTexts()),
            contentOf(ex, "user"),
            item.question,
            queryType,
            rule.classSentence(item.goldLabel),
            pythonReprList(item.goldUnitTexts()),  // bAbI: the supporting lines
            rule.answerText(item),
            pythonReprMessages(ex.messages)};
}

// The MS MARCO columns (marco_process_data_for_prompting.py): answers as a
// list repr (the test file's form, which the legacy rule's gold-row search
// reads), answer_passage the text the retrieval sentence quotes - empty when
// there is none, as pandas wrote the paper's None. Cells kept from a paper
// CSV (meta answers_cell, answer_passage_cell) are written back as read.
std::vector<std::string> marcoRow(const Item& item, const SftExample& ex,
                                  const DecompositionRule& rule) {
    std::string queryType = metaString(item, "query_type");
    if (queryType.empty()) queryType = item.goldLabel;
    std::string answerPassage;
    if (const auto it = item.meta.find("answer_passage_cell");
        it != item.meta.end() && it->is_string()) {
        answerPassage = it->get<std::string>();
    } else if (!item.goldRetrieval.empty() || marcoNoAnswerPresent(item)) {
        answerPassage =
            rule.goldRetrievalSentence(item).substr(rule.retrievalSentencePrefix().size());
    }
    return {marcoAnswersCell(item),
            pythonReprList(item.contextTexts()),
            contentOf(ex, "user"),
            item.question,
            queryType,
            rule.classSentence(item.goldLabel),
            answerPassage,
            pythonReprMessages(ex.messages)};
}

}  // namespace

std::string sftJsonl(const std::vector<SftExample>& examples) {
    std::string out;
    for (const auto& ex : examples) {
        nlohmann::ordered_json j;
        j["item_id"] = ex.itemId;
        j["condition"] = std::string(sftConditionName(ex.condition));
        j["messages"] = nlohmann::ordered_json::array();
        for (const auto& m : ex.messages)
            j["messages"].push_back({{"role", m.role}, {"content", m.content}});
        try {
            out += j.dump();
        } catch (const nlohmann::json::exception& e) {
            throw Error("SFT example for item '" + ex.itemId + "' is not valid UTF-8: " + e.what());
        }
        out += '\n';
    }
    return out;
}

std::vector<SftExample> parseSftJsonl(std::string_view text, const std::string& pathForMessages) {
    std::vector<SftExample> out;
    forEachJsonObjectLine(text, pathForMessages, [&](const nlohmann::json& j, std::size_t lineNo) {
        SftExample ex;
        const auto id = j.find("item_id");
        if (id == j.end() || !id->is_string())
            throw Error("missing string \"item_id\"", {pathForMessages, lineNo, "item_id"});
        ex.itemId = id->get<std::string>();
        const auto cond = j.find("condition");
        if (cond == j.end() || !cond->is_string() || !parseSftCondition(cond->get<std::string>()))
            throw Error("\"condition\" must be one of " + sftConditionNames(everySftCondition()),
                        {pathForMessages, lineNo, "condition"});
        ex.condition = *parseSftCondition(cond->get<std::string>());
        const auto msgs = j.find("messages");
        if (msgs == j.end() || !msgs->is_array() || msgs->empty())
            throw Error("\"messages\" must be a non-empty array",
                        {pathForMessages, lineNo, "messages"});
        for (const auto& m : *msgs) {
            if (!m.is_object() || !m.contains("role") || !m.contains("content") ||
                !m["role"].is_string() || !m["content"].is_string())
                throw Error("each message needs string \"role\" and \"content\"",
                            {pathForMessages, lineNo, "messages"});
            const std::string role = m["role"].get<std::string>();
            if (role != "system" && role != "user" && role != "assistant")
                throw Error("unknown message role '" + role + "'",
                            {pathForMessages, lineNo, "messages"});
            ex.messages.push_back({role, m["content"].get<std::string>()});
        }
        out.push_back(std::move(ex));
    });
    return out;
}

std::string pythonReprMessages(const std::vector<ChatMessage>& messages) {
    std::string out = "[";
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i) out += ", ";
        out += "{'content': " + pythonRepr(messages[i].content) +
               ", 'role': " + pythonRepr(messages[i].role) + "}";
    }
    out += "]";
    return out;
}

std::string sftPaperCsv(const Dataset& dataset, const std::vector<SftExample>& examples) {
    const DecompositionRule& rule = ruleFor(dataset.kind);
    std::unordered_map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < dataset.items.size(); ++i) byId.emplace(dataset.items[i].id, i);
    std::string out;
    switch (dataset.kind) {
        case DatasetKind::Babi:
            out = csvRecord({"passages", "query", "question", "query_type", "reasoning",
                             "answer_passage", "answer", "messages"});
            break;
        case DatasetKind::MsMarco:
            out = csvRecord({"answers", "passages", "query", "question", "query_type", "reasoning",
                             "answer_passage", "messages"});
            break;
        default:
            out = csvRecord({"index", "triple_element", "facts", "question", "reasoning", "answer",
                             "messages"});
    }
    for (const auto& ex : examples) {
        const auto it = byId.find(ex.itemId);
        if (it == byId.end())
            throw Error("SFT example names item '" + ex.itemId + "', which is not in dataset '" +
                        dataset.name + "'");
        const Item& item = dataset.items[it->second];
        switch (dataset.kind) {
            case DatasetKind::Babi:
                out += csvRecord(passageRow(item, ex, rule));
                break;
            case DatasetKind::MsMarco:
                out += csvRecord(marcoRow(item, ex, rule));
                break;
            default:
                out += csvRecord(cotempRow(item, it->second, ex, rule));
        }
    }
    return out;
}

void writeSftFile(const std::filesystem::path& path, const Dataset& dataset,
                  const std::vector<SftExample>& examples) {
    const std::string ext = toLowerAscii(path.extension().string());
    if (ext == ".jsonl") {
        writeFileAtomic(path, sftJsonl(examples));
    } else if (ext == ".csv") {
        writeFileAtomic(path, sftPaperCsv(dataset, examples));
    } else {
        throw Error(
            "unknown SFT output format '" + path.extension().string() + "' (use .jsonl or .csv)",
            {path.string()});
    }
}

}  // namespace ts
