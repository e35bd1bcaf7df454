#include "core/store/catalog.h"

#include "core/store/item_reader.h"
#include "core/util/error.h"
#include "core/util/json_limits.h"

namespace ts::store {

namespace {

nlohmann::json parseJson(const Database& db, const std::string& text, const char* what) {
    if (jsonDepthExceededAt(text))
        throw Error(std::string("malformed JSON in the project file (") + what +
                        "): nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                    ErrorLocation(db.path()));
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed JSON in the project file (") + what + "): " + e.what(),
                    ErrorLocation(db.path()));
    }
}

constexpr const char* kRunColumns =
    "SELECT r.id, r.name, r.dataset_id, d.name, r.model, r.checkpoint, r.condition, r.seed,"
    " r.hyperparameters, r.source, r.created_at, r.trace_type,"
    " (SELECT COUNT(*) FROM predictions p WHERE p.run_id = r.id),"
    " (SELECT COUNT(*) FROM verdicts v WHERE v.run_id = r.id AND v.rule = 0),"
    " (SELECT COUNT(*) FROM verdicts v WHERE v.run_id = r.id AND v.rule = 1),"
    " (SELECT COUNT(DISTINCT a.item_id) FROM annotations a WHERE a.run_id = r.id)"
    " FROM runs r JOIN datasets d ON d.id = r.dataset_id";

TraceType traceTypeColumn(const Database& db, const std::string& text) {
    if (const auto t = parseTraceType(text)) return *t;
    throw Error("runs.trace_type holds '" + text + "', not a trace type",
                ErrorLocation(db.path(), 0, "runs.trace_type"));
}

RunSummary readRun(const Database& db, const Statement& st) {
    RunSummary r;
    r.id = st.columnInt(0);
    r.name = st.columnText(1);
    r.datasetId = st.columnInt(2);
    r.dataset = st.columnText(3);
    r.model = st.columnText(4);
    r.checkpoint = st.columnText(5);
    r.condition = st.columnText(6);
    r.seed = st.columnOptionalInt(7);
    r.hyperParameters = parseJson(db, st.columnText(8), "runs.hyperparameters");
    r.source = parseJson(db, st.columnText(9), "runs.source");
    r.createdAt = st.columnText(10);
    r.traceType = traceTypeColumn(db, st.columnText(11));
    r.predictions = st.columnInt(12);
    r.strictVerdicts = st.columnInt(13);
    r.legacyVerdicts = st.columnInt(14);
    r.annotatedItems = st.columnInt(15);
    return r;
}

}  // namespace

std::vector<DatasetSummary> listDatasets(Project& project) {
    Database& db = project.db();
    Statement st = db.prepare(
        "SELECT d.id, d.name, d.kind, d.source_files, d.created_at,"
        " (SELECT COUNT(*) FROM items i WHERE i.dataset_id = d.id),"
        " (SELECT COUNT(*) FROM runs r WHERE r.dataset_id = d.id)"
        " FROM datasets d ORDER BY d.id");
    std::vector<DatasetSummary> out;
    while (st.step()) {
        DatasetSummary d;
        d.id = st.columnInt(0);
        d.name = st.columnText(1);
        d.kind = st.columnText(2);
        d.sourceFiles = parseJson(db, st.columnText(3), "datasets.source_files")
                            .get<std::vector<std::string>>();
        d.createdAt = st.columnText(4);
        d.items = st.columnInt(5);
        d.runs = st.columnInt(6);
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<RunSummary> listRuns(Project& project) {
    Database& db = project.db();
    Statement st = db.prepare(std::string(kRunColumns) + " ORDER BY r.id");
    std::vector<RunSummary> out;
    while (st.step()) out.push_back(readRun(db, st));
    return out;
}

RunSummary runSummary(Project& project, const std::string& runName) {
    Database& db = project.db();
    Statement st = db.prepare(std::string(kRunColumns) + " WHERE r.name = ?");
    st.bind(1, runName);
    if (!st.step())
        throw Error("the project has no run named '" + runName + "'", ErrorLocation(db.path()));
    return readRun(db, st);
}

Dataset loadDataset(Project& project, const std::string& name) {
    Database& db = project.db();
    Statement st = db.prepare("SELECT id, kind, source_files FROM datasets WHERE name = ?");
    st.bind(1, name);
    if (!st.step())
        throw Error("the project has no dataset named '" + name + "'", ErrorLocation(db.path()));
    Dataset dataset;
    dataset.name = name;
    const auto kind = parseDatasetKind(st.columnText(1));
    if (!kind)
        throw Error("unknown dataset kind '" + st.columnText(1) + "' in the project file",
                    ErrorLocation(db.path()));
    dataset.kind = *kind;
    dataset.sourceFiles =
        parseJson(db, st.columnText(2), "datasets.source_files").get<std::vector<std::string>>();
    dataset.items = readItems(db, "i.dataset_id = ?", st.columnInt(0));
    return dataset;
}

}  // namespace ts::store
