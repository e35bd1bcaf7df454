#include "core/data/jsonl_dataset.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "core/data/json_records.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace ts {

namespace fs = std::filesystem;

namespace {

constexpr const char* kHeaderKey = "tracescope_dataset";

std::string dumpValue(const nlohmann::json& v, const std::string& itemId) {
    try {
        return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::type_error& e) {
        throw Error("item '" + itemId + "': cannot write it as JSON: " + e.what());
    }
}

std::string quoted(const std::string& s, const std::string& itemId) {
    return dumpValue(nlohmann::json(s), itemId);
}

std::vector<int> readRetrieval(const JsonRecord& rec, std::size_t contextSize) {
    const auto& v = rec.at("gold_retrieval");
    if (!v.is_array())
        rec.fail("expected an array of context indices, got " + jsonTypeName(v), "gold_retrieval");
    std::vector<int> out;
    for (const auto& x : v) {
        if (!x.is_number_integer())
            rec.fail("expected integer context indices, got " + jsonTypeName(x), "gold_retrieval");
        const auto idx = x.get<std::int64_t>();
        if (idx < 0 || static_cast<std::size_t>(idx) >= contextSize)
            rec.fail("index " + std::to_string(idx) + " is outside the " +
                         std::to_string(contextSize) + " context units",
                     "gold_retrieval");
        if (!out.empty() && idx <= out.back())
            rec.fail("indices must be ascending and unique", "gold_retrieval");
        out.push_back(static_cast<int>(idx));
    }
    return out;
}

std::vector<ContextUnit> readContext(const JsonRecord& rec) {
    const auto& v = rec.at("context");
    if (!v.is_array())
        rec.fail("expected an array of {text, source_id}, got " + jsonTypeName(v), "context");
    std::vector<ContextUnit> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string key = "context." + std::to_string(i);
        if (!v[i].is_object())
            rec.fail("expected an object {text, source_id}, got " + jsonTypeName(v[i]), key);
        const JsonRecord unit(v[i], rec.file(), rec.line(), key);
        for (const auto& [k, _] : v[i].items())
            if (k != "text" && k != "source_id") unit.fail("unknown key", k);
        const std::int64_t sourceId = unit.integer("source_id");
        if (sourceId < INT32_MIN || sourceId > INT32_MAX) unit.fail("out of range", "source_id");
        out.push_back({unit.string("text"), static_cast<int>(sourceId)});
    }
    return out;
}

Item readItem(const JsonRecord& rec, DatasetKind kind) {
    static const char* const kKeys[] = {"id",           "split",      "question",       "context",
                                        "gold_answers", "gold_label", "gold_retrieval", "meta",
                                        "dataset_kind"};
    for (const auto& [k, _] : rec.value().items())
        if (std::find(std::begin(kKeys), std::end(kKeys), k) == std::end(kKeys))
            rec.fail(
                "unknown key (a TraceScope dataset item has id, split, question, context, "
                "gold_answers, gold_label, gold_retrieval, meta)",
                k);
    if (rec.has("dataset_kind")) {
        const std::string k = rec.string("dataset_kind");
        if (k != datasetKindName(kind))
            rec.fail("item of kind '" + k + "' in a '" + std::string(datasetKindName(kind)) +
                         "' dataset",
                     "dataset_kind");
    }
    Item item;
    item.id = rec.string("id");
    if (item.id.empty()) rec.fail("empty item id", "id");
    item.split = rec.string("split");
    item.question = rec.string("question");
    item.context = readContext(rec);
    item.goldAnswers = rec.stringList("gold_answers");
    item.goldLabel = rec.string("gold_label");
    item.goldRetrieval = readRetrieval(rec, item.context.size());
    item.meta = rec.at("meta");
    if (!item.meta.is_object())
        rec.fail("expected an object, got " + jsonTypeName(item.meta), "meta");
    return item;
}

}  // namespace

std::string jsonlDatasetHeader(const Dataset& ds) {
    std::string out = "{\"";
    out += kHeaderKey;
    out += "\":" + std::to_string(kJsonlDatasetVersion);
    out += ",\"dataset_kind\":" + quoted(std::string(datasetKindName(ds.kind)), "header");
    out += ",\"name\":" + quoted(ds.name, "header");
    out += ",\"source_files\":" + dumpValue(nlohmann::json(ds.sourceFiles), "header");
    out += "}";
    return out;
}

std::string jsonlItemLine(const Item& item) {
    // Written field by field so the keys keep the documented order.
    std::string out = "{\"id\":" + quoted(item.id, item.id);
    out += ",\"split\":" + quoted(item.split, item.id);
    out += ",\"question\":" + quoted(item.question, item.id);
    out += ",\"context\":[";
    for (std::size_t i = 0; i < item.context.size(); ++i) {
        if (i) out += ',';
        out += "{\"text\":" + quoted(item.context[i].text, item.id) +
               ",\"source_id\":" + std::to_string(item.context[i].sourceId) + "}";
    }
    out += "],\"gold_answers\":" + dumpValue(nlohmann::json(item.goldAnswers), item.id);
    out += ",\"gold_label\":" + quoted(item.goldLabel, item.id);
    out += ",\"gold_retrieval\":" + dumpValue(nlohmann::json(item.goldRetrieval), item.id);
    out += ",\"meta\":" +
           dumpValue(item.meta.is_null() ? nlohmann::json::object() : item.meta, item.id);
    out += "}";
    return out;
}

std::string formatJsonlDataset(const Dataset& ds) {
    std::string out = jsonlDatasetHeader(ds) + "\n";
    for (const Item& item : ds.items) {
        out += jsonlItemLine(item);
        out += '\n';
    }
    return out;
}

void writeJsonlDataset(const fs::path& path, const Dataset& ds) {
    try {
        validateDataset(ds);
    } catch (const Error& e) {
        throw e.located(path.string());
    }
    writeFileAtomic(path, formatJsonlDataset(ds));
}

bool isJsonlDatasetHeader(std::string_view line) {
    if (!contains(line, kHeaderKey) || jsonDepthExceededAt(line)) return false;
    try {
        const auto v = nlohmann::json::parse(line);
        return v.is_object() && v.contains(kHeaderKey);
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

Dataset readJsonlDataset(const fs::path& path, const LoadOptions& options) {
    const std::string file = path.string();
    Dataset ds;
    bool haveHeader = false;
    std::unordered_map<std::string, std::size_t> idLines;
    forEachJsonRecord(path, options.progress, [&](const nlohmann::json& value, std::size_t line) {
        const JsonRecord rec(value, file, line);
        if (!haveHeader) {
            if (!rec.has(kHeaderKey))
                rec.fail(
                    "not a TraceScope dataset: the first line must be the header "
                    "{\"tracescope_dataset\":1,\"dataset_kind\":...}");
            const std::int64_t version = rec.integer(kHeaderKey);
            if (version != kJsonlDatasetVersion)
                rec.fail("unsupported version " + std::to_string(version) + " (this build reads " +
                             std::to_string(kJsonlDatasetVersion) + ")",
                         kHeaderKey);
            const std::string kind = rec.string("dataset_kind");
            const auto parsed = parseDatasetKind(kind);
            if (!parsed) rec.fail("unknown dataset kind '" + kind + "'", "dataset_kind");
            ds.kind = *parsed;
            ds.name = rec.string("name");
            ds.sourceFiles = rec.stringList("source_files");
            haveHeader = true;
            return;
        }
        if (rec.has(kHeaderKey)) rec.fail("a second header line");
        Item item = readItem(rec, ds.kind);
        const auto [it, inserted] = idLines.emplace(item.id, line);
        if (!inserted)
            rec.fail("duplicate item id '" + item.id + "' (first on line " +
                         std::to_string(it->second) + ")",
                     "id");
        ds.items.push_back(std::move(item));
    });
    try {
        validateDataset(ds);
    } catch (const Error& e) {
        throw e.located(file);
    }
    return ds;
}

}  // namespace ts
