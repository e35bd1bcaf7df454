#include "core/data/msmarco_loader.h"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "core/data/json_records.h"
#include "core/data/loader_support.h"
#include "core/data/nltk_word_tokenizer.h"
#include "core/decompose/msmarco_rule.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/python_text.h"

namespace ts {

namespace fs = std::filesystem;

namespace {

struct MarcoRecord {
    nlohmann::json queryId;
    std::string query;
    std::string queryType;
    std::vector<std::string> answers;
    std::vector<std::string> wellFormed;
    std::vector<std::string> passages;
    std::vector<std::string> urls;
    std::vector<int> selected;
};

int selectedFlag(const JsonRecord& rec, const nlohmann::json& v, const std::string& key) {
    if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
    if (v.is_number_integer() && (v.get<std::int64_t>() == 0 || v.get<std::int64_t>() == 1))
        return static_cast<int>(v.get<std::int64_t>());
    rec.fail("is_selected must be 0 or 1, got " + v.dump(), key);
}

// passages as a list of {is_selected, url, passage_text} objects.
void readPassageObjects(const JsonRecord& rec, const nlohmann::json& list, const std::string& key,
                        MarcoRecord& out) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string k = key + "." + std::to_string(i);
        if (!list[i].is_object())
            rec.fail("expected a passage object, got " + jsonTypeName(list[i]), k);
        const JsonRecord p(list[i], rec.file(), rec.line(), rec.keyName(k));
        out.passages.push_back(p.string("passage_text"));
        out.urls.push_back(p.has("url") ? p.string("url") : std::string());
        out.selected.push_back(selectedFlag(p, p.at("is_selected"), "is_selected"));
    }
}

// passages as parallel lists (the Hugging Face layout).
void readPassageColumns(const JsonRecord& rec, MarcoRecord& out) {
    const JsonRecord p = rec.object("passages");
    out.passages = p.stringList("passage_text");
    const nlohmann::json& flags = p.at("is_selected");
    if (!flags.is_array())
        p.fail("expected an array of 0/1 flags, got " + jsonTypeName(flags), "is_selected");
    for (const auto& f : flags) out.selected.push_back(selectedFlag(p, f, "is_selected"));
    out.urls = p.has("url") ? p.stringList("url") : std::vector<std::string>(out.passages.size());
    if (out.selected.size() != out.passages.size() || out.urls.size() != out.passages.size())
        p.fail("passage_text, is_selected and url have different lengths (" +
               std::to_string(out.passages.size()) + ", " + std::to_string(out.selected.size()) +
               ", " + std::to_string(out.urls.size()) + ")");
}

// wellFormedAnswers: a list of str; v2.1 writes "[]" (a string) when empty.
std::vector<std::string> readWellFormed(const JsonRecord& rec, const std::string& key) {
    if (!rec.has(key)) return {};
    const auto& v = rec.at(key);
    if (v.is_string() && v.get<std::string>() == "[]") return {};
    return rec.stringList(key);
}

nlohmann::json readQueryId(const JsonRecord& rec, const std::string& key) {
    const auto& v = rec.at(key);
    if (!v.is_number_integer() && !v.is_string())
        rec.fail("expected an integer or a string, got " + jsonTypeName(v), key);
    return v;
}

MarcoRecord readRecord(const JsonRecord& rec) {
    MarcoRecord r;
    r.queryId = readQueryId(rec, "query_id");
    r.query = rec.string("query");
    r.queryType = rec.string("query_type");
    r.answers = rec.stringList("answers");
    r.wellFormed = readWellFormed(rec, "wellFormedAnswers");
    const auto& passages = rec.at("passages");
    if (passages.is_array())
        readPassageObjects(rec, passages, "passages", r);
    else if (passages.is_object())
        readPassageColumns(rec, r);
    else
        rec.fail(
            "expected a list of passages or a dict of passage lists, got " + jsonTypeName(passages),
            "passages");
    return r;
}

std::string idText(const nlohmann::json& queryId) {
    return queryId.is_string() ? queryId.get<std::string>() : queryId.dump();
}

Item makeItem(const MarcoRecord& r, const std::string& split, const LoadOptions& options,
              const std::string& file, std::size_t line) {
    Item item;
    item.id = "marco/" + idText(r.queryId);
    item.split = split;
    item.question = r.query;
    for (std::size_t i = 0; i < r.passages.size(); ++i)
        item.context.push_back({r.passages[i], static_cast<int>(i)});
    item.goldAnswers = r.answers;
    item.meta["query_id"] = r.queryId;
    item.meta["query_type"] = r.queryType;
    item.meta["is_selected"] = r.selected;
    item.meta["urls"] = r.urls;
    item.meta["well_formed_answers"] = r.wellFormed;
    const bool overlap = options.marcoRetrieval == MarcoRetrieval::MaxWordOverlap;
    item.meta["gold_passage_rule"] = overlap ? "max_word_overlap" : "is_selected";
    applyDecompositionRule(item, DatasetKind::MsMarco, file, line);
    if (overlap) {
        item.goldRetrieval.clear();
        if (!r.answers.empty() && !marcoNoAnswerPresent(item)) {
            const int best = maxWordOverlapPassage(r.passages, r.answers.front());
            if (best >= 0) item.goldRetrieval.push_back(best);
        }
    }
    return item;
}

// Row keys of a column-oriented file, in numeric order ("0", "1", ..., "10").
std::vector<std::string> rowKeys(const JsonRecord& doc) {
    const JsonRecord queries = doc.object("query");
    std::vector<std::pair<long long, std::string>> keyed;
    for (const auto& [key, value] : queries.value().items()) {
        long long n = 0;
        const auto res = std::from_chars(key.data(), key.data() + key.size(), n);
        if (res.ec != std::errc() || res.ptr != key.data() + key.size())
            doc.fail("row keys must be integers, got '" + key + "'", "query");
        keyed.emplace_back(n, key);
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::string> out;
    for (auto& k : keyed) out.push_back(std::move(k.second));
    return out;
}

void readColumnFile(const nlohmann::json& docValue, const std::string& file,
                    const std::string& split, const LoadOptions& options, Dataset& ds) {
    const JsonRecord doc(docValue, file, 1);
    const std::vector<std::string> keys = rowKeys(doc);
    const JsonRecord query = doc.object("query"), passages = doc.object("passages"),
                     answers = doc.object("answers"), types = doc.object("query_type"),
                     ids = doc.object("query_id");
    const bool hasWellFormed = doc.has("wellFormedAnswers");
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i % 1024 == 0)
            options.progress.report(static_cast<double>(i) / keys.size(), "building items");
        const std::string& k = keys[i];
        MarcoRecord r;
        r.queryId = readQueryId(ids, k);
        r.query = query.string(k);
        r.queryType = types.string(k);
        r.answers = answers.stringList(k);
        if (hasWellFormed) r.wellFormed = readWellFormed(doc.object("wellFormedAnswers"), k);
        const auto& list = passages.at(k);
        if (!list.is_array())
            passages.fail("expected a list of passages, got " + jsonTypeName(list), k);
        readPassageObjects(passages, list, k, r);
        ds.items.push_back(makeItem(r, split, options, file, 1));
    }
    if (keys.empty()) throw Error("no rows in the column-oriented file", {file, 1, "query"});
}

}  // namespace

std::vector<std::size_t> wordOverlaps(const std::vector<std::string>& passages,
                                      const std::string& answer) {
    const auto words = [](const std::string& text) {
        std::vector<std::string> tokens = nltkWordTokenize(pythonLower(text));
        return std::unordered_set<std::string>(tokens.begin(), tokens.end());
    };
    const std::unordered_set<std::string> answerWords = words(answer);
    std::vector<std::size_t> out;
    for (const std::string& passage : passages) {
        std::size_t shared = 0;
        for (const auto& w : words(passage)) shared += answerWords.count(w);
        out.push_back(shared);
    }
    return out;
}

int maxWordOverlapPassage(const std::vector<std::string>& passages, const std::string& answer) {
    int best = -1;
    std::size_t bestShared = 0;
    const std::vector<std::size_t> shared = wordOverlaps(passages, answer);
    for (std::size_t i = 0; i < shared.size(); ++i) {
        if (shared[i] > bestShared) {  // strictly more: the first maximum stays
            best = static_cast<int>(i);
            bestShared = shared[i];
        }
    }
    return best;
}

Dataset loadMsMarcoFile(const fs::path& path, const LoadOptions& options) {
    const std::string file = path.string();
    Dataset ds;
    ds.kind = DatasetKind::MsMarco;
    ds.name = "msmarco";
    ds.sourceFiles = {file};
    const std::string split = splitFromFileName(path);
    const char first = firstJsonByte(path);
    if (first == '\0') throw Error("empty file", {file});
    if (first == '{' && fileHoldsOneJsonValue(path)) {
        // One object: the column-oriented v2.1 file, or a single record.
        const nlohmann::json doc = parseJsonText(readFile(path, kDatasetFileLimit), file);
        if (doc.contains("query") && doc["query"].is_object()) {
            readColumnFile(doc, file, split, options, ds);
        } else {
            ds.items.push_back(
                makeItem(readRecord(JsonRecord(doc, file, 1)), split, options, file, 1));
        }
        return ds;
    }
    forEachJsonRecord(path, options.progress, [&](const nlohmann::json& value, std::size_t line) {
        const JsonRecord rec(value, file, line);
        ds.items.push_back(makeItem(readRecord(rec), split, options, file, line));
    });
    return ds;
}

}  // namespace ts
