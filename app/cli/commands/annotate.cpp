// tracescope-cli annotate: one annotation from the command line - a verdict
// override of a step, a note, tags and the two 1-5 ratings of the human
// study - saved in one transaction exactly as the workbench saves it. Fields
// not given keep what the annotation already holds.
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/project_access.h"
#include "core/store/annotations.h"
#include "core/store/project.h"
#include "core/store/run_lookup.h"

namespace {

using ts::cli::UsageError;
namespace store = ts::store;

std::optional<int> ratingOption(const ts::cli::ParsedArgs& a, const std::string& name) {
    const auto v = a.find(name);
    if (!v) return std::nullopt;
    if (v->size() != 1 || (*v)[0] < '1' || (*v)[0] > '5')
        throw UsageError(name + " expects an integer from 1 to 5, got '" + *v + "'");
    return (*v)[0] - '0';
}

// The annotation as stored now (or a new one) with the options applied.
store::Annotation edited(store::Project& project, const ts::cli::ParsedArgs& a,
                         store::AnnotationTarget step) {
    const long long runId = store::requireRunId(project.db(), a.get("--run"));
    store::Annotation out;
    for (const store::Annotation& x : store::annotationsForItem(project, runId, a.get("--item")))
        if (x.target == step && x.annotator == a.get("--annotator")) out = x;
    out.runId = runId;
    out.itemId = a.get("--item");
    out.target = step;
    out.annotator = a.get("--annotator");
    if (const auto v = a.find("--verdict")) {
        if (*v == "clear") {
            out.verdictOverride.reset();
        } else {
            out.verdictOverride = ts::parseStepVerdict(*v);
            if (!out.verdictOverride)
                throw UsageError(
                    "--verdict expects ok, wrong, partial, unevaluated or clear, got '" + *v + "'");
        }
    }
    if (const auto n = a.find("--note")) out.note = *n;
    for (const std::string& t : a.all("--tag")) out.tags.push_back(t);
    if (const auto r = ratingOption(a, "--interpretability")) out.interpretability = r;
    if (const auto r = ratingOption(a, "--cognitive-load")) out.cognitiveLoad = r;
    out.updatedAt.clear();  // saved now
    return out;
}

int runAnnotate(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli annotate --project P.tsproj --run R --item ID --annotator NAME "
        "[--step item|class|retrieval|trace|answer] [--verdict ok|wrong|partial|unevaluated|clear] "
        "[--note TEXT] [--tag T]... [--interpretability 1-5] [--cognitive-load 1-5]",
        "Saves one annotation of an item of a run, as the workbench does: a verdict override of a "
        "step (which the human rule of `tables`, `items` and the workbench lays over the strict "
        "verdict), a note, tags (added to those already there) and the human study's two ratings. "
        "Options not given keep the annotation's current values.");
    p.option("--project", "P", "the project file")
        .option("--run", "R", "the run")
        .option("--item", "ID", "the item (its id, e.g. equal/17)")
        .option("--annotator", "NAME", "who annotates")
        .option("--step", "STEP", "item, class, retrieval, trace or answer", "item")
        .option("--verdict", "V", "ok, wrong, partial, unevaluated, or clear (remove the override)")
        .option("--note", "TEXT", "a note (replaces the current one)")
        .repeated("--tag", "T", "a tag (repeatable; added)")
        .option("--interpretability", "1-5", "the study's interpretability rating")
        .option("--cognitive-load", "1-5", "the study's cognitive load rating");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    for (const char* required : {"--project", "--run", "--item", "--annotator"})
        if (!a.has(required)) throw UsageError(std::string(required) + " is required");
    const auto step = store::parseAnnotationTarget(a.get("--step"));
    if (!step)
        throw UsageError("--step expects item, class, retrieval, trace or answer, got '" +
                         a.get("--step") + "'");
    if (a.has("--verdict") && *step == store::AnnotationTarget::Item)
        throw UsageError(
            "--verdict overrides a step: give --step class, retrieval, trace or answer");

    auto project = ts::cli::openProject(a.get("--project"));
    const store::Annotation annotation = edited(project, a, *step);
    store::saveAnnotation(project, annotation);
    std::printf("saved: run %s, item %s, %s by %s: verdict %s\n", a.get("--run").c_str(),
                annotation.itemId.c_str(), std::string(store::toString(*step)).c_str(),
                annotation.annotator.c_str(),
                annotation.verdictOverride
                    ? std::string(ts::toString(*annotation.verdictOverride)).c_str()
                    : "(none)");
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"annotate", "save one annotation (verdict override, note, tags, ratings) of an item",
     &runAnnotate}};

}  // namespace
