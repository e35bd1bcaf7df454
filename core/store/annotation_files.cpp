#include "core/store/annotation_files.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/data/csv.h"
#include "core/store/annotations.h"
#include "core/store/catalog.h"
#include "core/store/run_lookup.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace fs = std::filesystem;

namespace ts::store {

namespace {

const std::vector<std::string> kColumns = {"run",
                                           "item",
                                           "step",
                                           "annotator",
                                           "verdict",
                                           "note",
                                           "tags",
                                           "interpretability",
                                           "cognitive_load",
                                           "created_at",
                                           "updated_at"};

// One row of a file as read, before it is checked: text fields, absent = empty.
struct RawRow {
    std::size_t line = 0;
    std::map<std::string, std::string> text;  // every column but tags
    std::vector<std::string> tags;
};

std::string joinTags(const std::vector<std::string>& tags) {
    std::string out;
    for (const std::string& t : tags) out += (out.empty() ? "" : ",") + t;
    return out;
}

std::string ratingText(const std::optional<int>& r) {
    return r ? std::to_string(*r) : std::string();
}

std::map<long long, std::string> runNames(Project& project) {
    std::map<long long, std::string> out;
    for (const RunSummary& r : listRuns(project)) out[r.id] = r.name;
    return out;
}

// --- reading -------------------------------------------------------------------

std::vector<RawRow> readCsvRows(std::string_view bytes, const std::string& file) {
    const CsvTable table = parseCsv(bytes, file);
    for (const std::string& column : table.header)
        if (std::find(kColumns.begin(), kColumns.end(), column) == kColumns.end())
            throw Error("unknown column '" + column + "'", {file, 1, column});
    std::vector<RawRow> rows;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        RawRow row;
        row.line = table.rowLines[r];
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            const std::string& value = table.rows[r][c];
            if (table.header[c] == "tags")
                for (const std::string& tag : split(value, ',')) row.tags.push_back(trim(tag));
            else
                row.text[table.header[c]] = value;
        }
        if (row.tags.size() == 1 && row.tags[0].empty())
            row.tags.clear();  // an empty cell: no tags
        rows.push_back(std::move(row));
    }
    return rows;
}

// A JSON field as text: strings as they are, integers (ratings) in decimal, null as empty.
std::string jsonText(const nlohmann::json& v, const std::string& key, const std::string& file,
                     std::size_t line) {
    if (v.is_null()) return {};
    if (v.is_string()) return v.get<std::string>();
    if ((key == "interpretability" || key == "cognitive_load") && v.is_number_integer())
        return std::to_string(v.get<long long>());
    throw Error(std::string("expected ") + (key == "interpretability" || key == "cognitive_load"
                                                ? "an integer 1-5 or null"
                                                : "a string"),
                {file, line, key});
}

RawRow jsonRow(const nlohmann::json& j, const std::string& file, std::size_t line) {
    if (!j.is_object()) throw Error("expected a JSON object", {file, line});
    RawRow row;
    row.line = line;
    for (const auto& [key, value] : j.items()) {
        if (std::find(kColumns.begin(), kColumns.end(), key) == kColumns.end())
            throw Error("unknown key '" + key + "'", {file, line, key});
        if (key != "tags") {
            row.text[key] = jsonText(value, key, file, line);
            continue;
        }
        if (!value.is_array() && !value.is_null())
            throw Error("expected a list of strings", {file, line, "tags"});
        for (const auto& t : value.is_null() ? nlohmann::json::array() : value) {
            if (!t.is_string()) throw Error("expected a list of strings", {file, line, "tags"});
            row.tags.push_back(t.get<std::string>());
        }
    }
    return row;
}

std::vector<RawRow> readJsonlRows(std::string_view bytes, const std::string& file) {
    std::vector<RawRow> rows;
    std::size_t line = 0;
    for (const std::string& text : split(bytes, '\n')) {
        ++line;
        if (trim(text).empty()) continue;
        if (text.size() > kMaxLineBytes)
            throw Error("line longer than the line limit", {file, line});
        rows.push_back(jsonRow(parseJsonChecked(text, file, line), file, line));
    }
    return rows;
}

// --- checking --------------------------------------------------------------------

class RowChecker {
public:
    RowChecker(Database& db, std::string file, std::string annotator)
        : db_(db), file_(std::move(file)), annotator_(std::move(annotator)) {}

    Annotation check(const RawRow& row) {
        line_ = row.line;
        Annotation a;
        a.runId = runId(field(row, "run"));
        a.itemId = field(row, "item");
        requirePrediction(a.runId, a.itemId, field(row, "run"));
        const std::string step = field(row, "step");
        const auto target = parseAnnotationTarget(step);
        if (!target)
            fail("step", "unknown step '" + step + "' (item, class, retrieval, trace or answer)");
        a.target = *target;
        a.annotator = annotator_.empty() ? field(row, "annotator") : annotator_;
        if (a.annotator.empty()) fail("annotator", "the annotator is empty");
        if (const std::string v = field(row, "verdict"); !v.empty()) {
            a.verdictOverride = parseStepVerdict(v);
            if (!a.verdictOverride)
                fail("verdict",
                     "unknown verdict '" + v + "' (ok, wrong, partial, unevaluated or empty)");
        }
        a.note = field(row, "note");
        a.tags = tags(row.tags);
        a.interpretability = rating(row, "interpretability");
        a.cognitiveLoad = rating(row, "cognitive_load");
        a.createdAt = field(row, "created_at");
        a.updatedAt = field(row, "updated_at");
        requireFirst(a);
        return a;
    }

private:
    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw Error(message, {file_, line_, key});
    }

    static std::string field(const RawRow& row, const std::string& key) {
        const auto it = row.text.find(key);
        return it == row.text.end() ? std::string() : it->second;
    }

    long long runId(const std::string& name) {
        if (name.empty()) fail("run", "the run is empty");
        if (const auto it = runs_.find(name); it != runs_.end()) return it->second;
        const auto id = findRunId(db_, name);
        if (!id) fail("run", "the project has no run named '" + name + "'");
        return runs_[name] = *id;
    }

    void requirePrediction(long long runId, const std::string& item, const std::string& runName) {
        if (item.empty()) fail("item", "the item is empty");
        Statement st = db_.prepare(
            "SELECT 1 FROM predictions p JOIN items i ON i.id = p.item_id WHERE p.run_id = ? AND "
            "i.item_key = ?");
        st.bind(1, runId).bind(2, item);
        if (!st.step())
            fail("item", "run '" + runName + "' has no prediction for item '" + item + "'");
    }

    std::vector<std::string> tags(const std::vector<std::string>& raw) const {
        for (const std::string& t : raw) {
            if (t.empty()) fail("tags", "an empty tag");
            if (t.find(',') != std::string::npos)
                fail("tags", "a tag must not contain a comma: '" + t + "'");
        }
        return raw;
    }

    std::optional<int> rating(const RawRow& row, const std::string& key) const {
        const std::string text = trim(field(row, key));
        if (text.empty()) return std::nullopt;
        if (text.size() != 1 || text[0] < '1' || text[0] > '5')
            fail(key, "rating '" + text + "' is not an integer from 1 to 5");
        return text[0] - '0';
    }

    void requireFirst(const Annotation& a) {
        const auto key = std::make_tuple(a.runId, a.itemId, a.target, a.annotator);
        if (const auto it = seen_.find(key); it != seen_.end())
            fail("item",
                 "the annotation of this run, item, step and annotator is already on line " +
                     std::to_string(it->second));
        seen_[key] = line_;
    }

    Database& db_;
    std::string file_;
    std::string annotator_;
    std::size_t line_ = 0;
    std::map<std::string, long long> runs_;
    std::map<std::tuple<long long, std::string, AnnotationTarget, std::string>, std::size_t> seen_;
};

bool exists(Database& db, const Annotation& a) {
    Statement st = db.prepare(
        "SELECT 1 FROM annotations x JOIN items i ON i.id = x.item_id"
        " WHERE x.run_id = ? AND i.item_key = ? AND x.step = ? AND x.annotator = ?");
    st.bind(1, a.runId)
        .bind(2, a.itemId)
        .bind(3, std::string(toString(a.target)))
        .bind(4, a.annotator);
    return st.step();
}

}  // namespace

std::optional<AnnotationFileFormat> parseAnnotationFileFormat(std::string_view name) {
    if (name == "csv") return AnnotationFileFormat::Csv;
    if (name == "jsonl") return AnnotationFileFormat::Jsonl;
    return std::nullopt;
}

AnnotationFileFormat annotationFileFormatOf(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".csv") return AnnotationFileFormat::Csv;
    if (ext == ".jsonl") return AnnotationFileFormat::Jsonl;
    throw Error("an annotations file ends in .csv or .jsonl", {file.string()});
}

std::string formatAnnotations(Project& project, long long runId, AnnotationFileFormat format) {
    const auto names = runNames(project);
    const std::vector<Annotation> all =
        runId > 0 ? annotationsOfRun(project, runId) : allAnnotations(project);
    std::string out = format == AnnotationFileFormat::Csv ? csvRecord(kColumns) : std::string();
    for (const Annotation& a : all) {
        const std::string verdict =
            a.verdictOverride ? std::string(toString(*a.verdictOverride)) : std::string();
        if (format == AnnotationFileFormat::Csv) {
            out += csvRecord({names.at(a.runId), a.itemId, std::string(toString(a.target)),
                              a.annotator, verdict, a.note, joinTags(a.tags),
                              ratingText(a.interpretability), ratingText(a.cognitiveLoad),
                              a.createdAt, a.updatedAt});
            continue;
        }
        auto rating = [](const std::optional<int>& r) {
            return r ? nlohmann::ordered_json(*r) : nlohmann::ordered_json();
        };
        const nlohmann::ordered_json j = {
            {"run", names.at(a.runId)},
            {"item", a.itemId},
            {"step", std::string(toString(a.target))},
            {"annotator", a.annotator},
            {"verdict",
             a.verdictOverride ? nlohmann::ordered_json(verdict) : nlohmann::ordered_json()},
            {"note", a.note},
            {"tags", a.tags},
            {"interpretability", rating(a.interpretability)},
            {"cognitive_load", rating(a.cognitiveLoad)},
            {"created_at", a.createdAt},
            {"updated_at", a.updatedAt}};
        out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    return out;
}

AnnotationImportSummary importAnnotations(Project& project, const fs::path& file,
                                          const std::string& annotator) {
    const AnnotationFileFormat format = annotationFileFormatOf(file);
    const std::string bytes = readFile(file, kDatasetFileLimit);
    const std::string name = file.string();
    const std::vector<RawRow> raw =
        format == AnnotationFileFormat::Csv ? readCsvRows(bytes, name) : readJsonlRows(bytes, name);
    Database& db = project.db();
    // Every row is checked before any is written.
    RowChecker checker(db, name, annotator);
    std::vector<Annotation> rows;
    for (const RawRow& r : raw) rows.push_back(checker.check(r));

    AnnotationImportSummary summary;
    summary.rows = static_cast<long long>(rows.size());
    Transaction tx(db);
    for (const Annotation& a : rows) {
        (exists(db, a) ? summary.replaced : summary.inserted) += 1;
        storeAnnotation(db, a);
    }
    tx.commit();
    return summary;
}

}  // namespace ts::store
