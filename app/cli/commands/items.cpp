// tracescope-cli items: a run's items with their per-step verdicts under a
// rule (strict, legacy, or a person's judgment), the extracted answer and
// their annotations, filtered as the workbench's item list filters - for
// scripted error analysis. The query is core's findItems, the same the
// workbench's list runs.
#include <algorithm>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/project_access.h"
#include "app/cli/rule_options.h"
#include "core/data/csv.h"
#include "core/store/annotations.h"
#include "core/store/error_type_store.h"
#include "core/store/item_query.h"
#include "core/store/project.h"
#include "core/store/run_lookup.h"
#include "core/util/text.h"

namespace {

using ts::cli::UsageError;
namespace store = ts::store;

ts::StepVerdict verdictValue(const std::string& key, const std::string& value) {
    const auto v = ts::parseStepVerdict(value);
    if (!v)
        throw UsageError("--where " + key + "=" + value +
                         ": expected ok, wrong, partial or unevaluated");
    return *v;
}

// "class=ok,retrieval=wrong,label=equal,annotated=yes,error=gold-omitted" into
// the filter; error= (an error type, docs/analysis.md) is kept apart: the
// rows are filtered on their stored error types.
void applyWhere(const std::string& where, store::ItemFilter& f, std::string& errorType) {
    for (const std::string& part : ts::split(where, ',')) {
        const auto eq = part.find('=');
        if (eq == std::string::npos)
            throw UsageError("--where expects key=value pairs, got '" + part + "'");
        const std::string key = ts::trim(part.substr(0, eq)), value = ts::trim(part.substr(eq + 1));
        if (key == "class")
            f.classStep = verdictValue(key, value);
        else if (key == "retrieval")
            f.retrievalStep = verdictValue(key, value);
        else if (key == "trace")
            f.trace = verdictValue(key, value);
        else if (key == "answer")
            f.answer = verdictValue(key, value);
        else if (key == "label")
            f.goldLabel = value;
        else if (key == "predicted")
            f.predictedLabel = value;
        else if (key == "tag")
            f.tag = value;
        else if (key == "parse") {
            f.parse = ts::parseParseStatus(value);
            if (!f.parse)
                throw UsageError("--where parse=" + value +
                                 ": expected ok, no-trace, no-answer or malformed");
        } else if (key == "error") {
            if (!ts::parseErrorType(value))
                throw UsageError("--where error=" + value +
                                 ": not an error type (docs/analysis.md)");
            errorType = value;
        } else if (key == "annotated") {
            if (value != "yes" && value != "no")
                throw UsageError("--where annotated expects yes or no");
            f.annotated = value == "yes";
        } else {
            throw UsageError("--where: unknown key '" + key +
                             "' (class, retrieval, trace, answer, label, predicted, parse, "
                             "annotated, tag, error)");
        }
    }
}

nlohmann::ordered_json annotationJson(const store::Annotation& a) {
    return {{"step", std::string(store::toString(a.target))},
            {"annotator", a.annotator},
            {"verdict", a.verdictOverride
                            ? nlohmann::ordered_json(std::string(ts::toString(*a.verdictOverride)))
                            : nlohmann::ordered_json()},
            {"note", a.note},
            {"tags", a.tags}};
}

std::string verdictName(const store::ItemRow& r, ts::StepVerdict v) {
    return r.hasVerdict ? std::string(ts::toString(v)) : std::string();
}

void printRow(const store::ItemRow& r, const std::vector<store::Annotation>& annotations,
              const std::vector<std::string>& errorTypes, bool csv) {
    if (csv) {
        std::string notes;
        for (const auto& a : annotations)
            notes +=
                (notes.empty() ? "" : "; ") + a.annotator + " on " +
                std::string(store::toString(a.target)) +
                (a.verdictOverride ? ": " + std::string(ts::toString(*a.verdictOverride)) : "") +
                (a.note.empty() ? "" : " \"" + a.note + "\"");
        std::fputs(ts::csvRecord({r.itemId, r.goldLabel,
                                  r.hasVerdict ? std::string(ts::toString(r.parse)) : "",
                                  verdictName(r, r.classStep), verdictName(r, r.retrievalStep),
                                  verdictName(r, r.trace), verdictName(r, r.answer),
                                  r.predictedLabel, r.extractedAnswer, notes})
                       .c_str(),
                   stdout);
        return;
    }
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& a : annotations) list.push_back(annotationJson(a));
    nlohmann::ordered_json j = {{"item", r.itemId},
                                {"label", r.goldLabel},
                                {"parse", r.hasVerdict ? std::string(ts::toString(r.parse)) : ""},
                                {"class", verdictName(r, r.classStep)},
                                {"retrieval", verdictName(r, r.retrievalStep)},
                                {"trace", verdictName(r, r.trace)},
                                {"answer", verdictName(r, r.answer)},
                                {"predicted_label", r.predictedLabel},
                                {"extracted_answer", r.extractedAnswer},
                                {"error_types", errorTypes},
                                {"annotations", list}};
    if (r.unevaluatedReason != ts::UnevaluatedReason::None)
        j["unevaluated_reason"] = std::string(ts::toString(r.unevaluatedReason));
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

int runItems(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli items --project P.tsproj --run R [--rule strict|legacy|human [--annotator "
        "NAME]] "
        "[--where class=ok,retrieval=wrong,trace=wrong,answer=ok,label=L,annotated=yes,error=TYPE] "
        "[--format jsonl|csv]",
        "Lists the run's items in stored order with their key, gold label, parse status, per-step "
        "verdicts "
        "under the rule, predicted label, extracted answer and annotations. --where keeps the "
        "items that "
        "match every key=value (class, retrieval, trace, answer: ok, wrong, partial, unevaluated; "
        "label, "
        "predicted, tag: a name; parse: ok, no-trace, no-answer, malformed; annotated: yes or "
        "no; error: an error type of docs/analysis.md). JSON Lines rows carry the item's "
        "error_types under the rule (the human rule: the strict rule's).");
    p.option("--project", "P", "the project file")
        .option("--run", "R", "the run")
        .option("--where", "K=V,...", "filters, all of which must hold")
        .option("--format", "F", "jsonl or csv", "jsonl");
    ts::cli::addRuleOptions(p);
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    for (const char* required : {"--project", "--run"})
        if (!a.has(required)) throw UsageError(std::string(required) + " is required");
    const std::string format = a.get("--format");
    if (format != "jsonl" && format != "csv")
        throw UsageError("--format expects jsonl or csv, got '" + format + "'");
    store::ItemFilter filter;
    filter.view = ts::cli::verdictViewOf(a);
    std::string errorType;
    if (const auto w = a.find("--where")) applyWhere(*w, filter, errorType);

    auto project = ts::cli::openProject(a.get("--project"));
    const long long runId = store::requireRunId(project.db(), a.get("--run"));
    std::map<std::string, std::vector<store::Annotation>> byItem;
    for (auto& an : store::annotationsOfRun(project, runId))
        byItem[an.itemId].push_back(std::move(an));
    const bool csv = format == "csv";
    if (csv)
        std::fputs(ts::csvRecord({"item", "label", "parse", "class", "retrieval", "trace", "answer",
                                  "predicted_label", "extracted_answer", "annotations"})
                       .c_str(),
                   stdout);
    // The stored rule's error types (the human rule reads the strict ones).
    const auto types =
        store::errorTypeNamesByItem(project.db(), runId, store::storedRule(filter.view.rule));
    static const std::vector<store::Annotation> kNone;
    static const std::vector<std::string> kNoTypes;
    for (const store::ItemRow& r : store::findItems(project, runId, filter)) {
        const auto it = byItem.find(r.itemId);
        const auto t = types.find(r.itemId);
        const auto& itemTypes = t == types.end() ? kNoTypes : t->second;
        if (!errorType.empty() &&
            std::find(itemTypes.begin(), itemTypes.end(), errorType) == itemTypes.end())
            continue;
        printRow(r, it == byItem.end() ? kNone : it->second, itemTypes, csv);
    }
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"items", "list a run's items with their verdicts under a rule", &runItems}};

}  // namespace
