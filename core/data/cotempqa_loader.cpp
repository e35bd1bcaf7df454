#include "core/data/cotempqa_loader.h"

#include "core/data/csv.h"
#include "core/data/csv_cells.h"
#include "core/data/json_records.h"
#include "core/data/loader_support.h"
#include "core/util/error.h"

namespace ts {

namespace {

const char* const kClasses[] = {"equal", "overlap", "during", "mix"};

}  // namespace

std::string coTempQaClassFromFileName(const std::filesystem::path& path) {
    std::string found;
    for (const char* cls : kClasses) {
        if (!fileStemHasWord(path, cls)) continue;
        if (!found.empty()) return "";  // "equal_vs_mix.json" names no single class
        found = cls;
    }
    return found;
}

Item makeCoTempQaItem(const CoTempQaRecord& r, const std::string& split, const std::string& file,
                      std::size_t line) {
    // CoTempQA numbers the questions of a class 0, 1, 2, ...; a negative
    // index would make an id ("equal/-5") no prediction file can name.
    if (r.index < 0)
        throw Error("expected a non-negative question index, got " + std::to_string(r.index),
                    {file, line, "index"});
    Item item;
    item.id = r.cls + "/" + std::to_string(r.index);
    item.split = split;
    item.question = r.question;
    item.context.reserve(r.facts.size());
    for (const auto& fact : r.facts) item.context.push_back({fact, -1});
    item.goldAnswers = r.answers;
    item.meta["class"] = r.cls;
    item.meta["triple_element"] = r.tripleElement;
    item.meta["index"] = r.index;
    applyDecompositionRule(item, DatasetKind::CoTempQA, file, line);
    return item;
}

Dataset loadCoTempQaClassFile(const std::filesystem::path& path, const LoadOptions& options) {
    const std::string file = path.string();
    const std::string cls = coTempQaClassFromFileName(path);
    if (cls.empty())
        throw Error(
            "cannot tell the CoTempQA class from the file name (expected one of equal, overlap, "
            "during, mix in the name, e.g. equal.json)",
            {file});
    Dataset ds;
    ds.kind = DatasetKind::CoTempQA;
    ds.name = "cotempqa";
    ds.sourceFiles = {file};
    const std::string split = splitFromFileName(path);
    forEachJsonRecord(path, options.progress, [&](const nlohmann::json& value, std::size_t line) {
        const JsonRecord rec(value, file, line);
        CoTempQaRecord r;
        r.cls = cls;
        r.index = rec.integer("index");
        r.tripleElement = rec.string("triple_element");
        r.question = rec.string("question");
        r.facts = rec.stringList("facts");
        r.answers = rec.stringList("answer");
        ds.items.push_back(makeCoTempQaItem(r, split, file, line));
    });
    return ds;
}

Dataset loadCoTempQaSplitCsv(const std::filesystem::path& path, const LoadOptions& options) {
    const CsvTable table = readCsv(path);
    const CsvCells cells(table);
    Dataset ds;
    ds.kind = DatasetKind::CoTempQA;
    ds.name = "cotempqa";
    ds.sourceFiles = {table.path};
    const std::string split = splitFromFileName(path);
    const std::size_t cIndex = table.column("index"), cTriple = table.column("triple_element"),
                      cQuestion = table.column("question"), cFacts = table.column("facts"),
                      cAnswer = table.column("answer"), cLabel = table.column("label");
    ds.items.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (r % 256 == 0)
            options.progress.report(static_cast<double>(r) / table.rows.size(),
                                    "reading " + path.filename().string());
        CoTempQaRecord rec;
        rec.cls = cells.text(r, cLabel);
        rec.index = cells.integer(r, cIndex);
        rec.tripleElement = cells.text(r, cTriple);
        rec.question = cells.text(r, cQuestion);
        rec.facts = cells.stringList(r, cFacts);
        rec.answers = cells.stringList(r, cAnswer);
        ds.items.push_back(makeCoTempQaItem(rec, split, table.path, table.rowLines[r]));
    }
    options.progress.report(1.0, "reading " + path.filename().string());
    if (ds.items.empty()) throw Error("no data rows below the header", {table.path});
    return ds;
}

}  // namespace ts
