// tracescope-cli evidence: the evidence proposed for an item of a run whose
// traces no rule can judge (free-form trace types), and confirming it as
// human verdicts - the same core calls as the workbench's item view
// (core/store/evidence_verdicts.h).
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/project_access.h"
#include "core/store/evidence_verdicts.h"
#include "core/store/project.h"
#include "core/store/run_lookup.h"

namespace {

using ts::cli::UsageError;
namespace store = ts::store;

nlohmann::json proposalsJson(const store::ItemEvidence& e) {
    nlohmann::json labels = nlohmann::json::array(), units = nlohmann::json::array();
    for (const auto& l : e.proposals.labels)
        labels.push_back(
            {{"label", l.label}, {"begin", l.span.begin}, {"end", l.span.end}, {"gold", l.gold}});
    for (const auto& u : e.proposals.units)
        units.push_back({{"unit", u.contextIndex},
                         {"overlap", u.overlap},
                         {"begin", u.span.begin},
                         {"end", u.span.end},
                         {"gold", u.gold}});
    return {{"trace", e.trace},
            {"threshold", e.proposals.threshold},
            {"labels", labels},
            {"units", units}};
}

void printProposals(const store::ItemEvidence& e) {
    std::printf("class candidates (labels named in the trace):\n");
    if (e.proposals.labels.empty()) std::printf("  (none)\n");
    for (const auto& l : e.proposals.labels)
        std::printf("  %-28s at %zu-%zu%s\n", l.label.c_str(), l.span.begin, l.span.end,
                    l.gold ? "  [gold]" : "");
    std::printf("retrieval candidates (context units quoted, overlap >= %.2f):\n",
                e.proposals.threshold);
    if (e.proposals.units.empty()) std::printf("  (none)\n");
    for (const auto& u : e.proposals.units)
        std::printf("  unit %-3d overlap %.2f  \"%s\"%s\n", u.contextIndex, u.overlap,
                    e.trace.substr(u.span.begin, u.span.length()).c_str(),
                    u.gold ? "  [gold]" : "");
}

std::optional<store::MarkedSpan> spanOption(const ts::cli::ParsedArgs& a, const std::string& name,
                                            const std::string& trace) {
    const auto v = a.find(name);
    if (!v) return std::nullopt;
    std::size_t begin = 0, end = 0;
    char dash = 0;
    if (std::sscanf(v->c_str(), "%zu%c%zu", &begin, &dash, &end) != 3 || dash != '-' ||
        end <= begin || end > trace.size())
        throw UsageError(name + " expects BEGIN-END byte offsets inside the trace (0-" +
                         std::to_string(trace.size()) + "), got '" + *v + "'");
    return store::MarkedSpan{{begin, end}, trace.substr(begin, end - begin)};
}

int confirm(store::Project& project, long long runId, const ts::cli::ParsedArgs& a,
            const store::ItemEvidence& e) {
    if (!a.has("--annotator")) throw UsageError("--confirm needs --annotator");
    if (a.has("--label") == a.flag("--no-label"))
        throw UsageError(
            "--confirm needs either --label L (the class the trace names) or --no-label");
    store::EvidenceDecision d;
    d.annotator = a.get("--annotator");
    if (a.has("--label")) d.evidence.label = a.get("--label");
    for (const auto& u : a.all("--unit")) {
        try {
            d.evidence.units.push_back(std::stoi(u));
        } catch (const std::exception&) {
            throw UsageError("--unit expects a context unit index, got '" + u + "'");
        }
    }
    d.classSpan = spanOption(a, "--class-span", e.trace);
    d.retrievalSpan = spanOption(a, "--retrieval-span", e.trace);
    const auto v = store::confirmEvidence(project, runId, a.get("--item"), d);
    std::printf("saved human verdicts by %s: class %s, retrieval %s\n", d.annotator.c_str(),
                std::string(ts::toString(v.classStep)).c_str(),
                std::string(ts::toString(v.retrievalStep)).c_str());
    return ts::cli::kExitOk;
}

int runEvidence(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli evidence --project P.tsproj --run R --item ID [--threshold X] "
        "[--format text|json] | ... --confirm --annotator NAME (--label L | --no-label) "
        "[--unit N]... [--class-span B-E] [--retrieval-span B-E]",
        "Proposes evidence in a free-form trace for a person to judge: the labels of the "
        "dataset's label set the trace names (class step) and the context units it quotes "
        "verbatim or nearly (retrieval step, with their token overlap). With --confirm, "
        "stores what the annotator confirmed as their class and retrieval verdicts (the class "
        "is ok when the confirmed label is gold; the retrieval ok when every gold unit is "
        "confirmed, partial when some are), which the human rule counts in the tables.");
    p.option("--project", "P", "the project file")
        .option("--run", "R", "the run")
        .option("--item", "ID", "the item")
        .option("--threshold", "X", "the overlap a unit needs to be proposed", "0.6")
        .option("--format", "F", "text or json", "text")
        .flag("--confirm", "store the confirmed evidence as human verdicts")
        .option("--annotator", "NAME", "who confirms")
        .option("--label", "L", "the class the trace names")
        .flag("--no-label", "the trace names no class")
        .repeated("--unit", "N", "a context unit the trace quotes (repeatable)")
        .option("--class-span", "B-E", "byte offsets in the trace marked as the class step")
        .option("--retrieval-span", "B-E", "byte offsets marked as the retrieval step");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    for (const char* required : {"--project", "--run", "--item"})
        if (!a.has(required)) throw UsageError(std::string(required) + " is required");
    const double threshold = a.getDouble("--threshold");
    if (!(threshold > 0.0 && threshold <= 1.0)) throw UsageError("--threshold must be in (0, 1]");
    auto project = ts::cli::openProject(a.get("--project"));
    const long long runId = store::requireRunId(project.db(), a.get("--run"));
    const auto e = store::proposalsFor(project, runId, a.get("--item"), threshold);
    if (a.flag("--confirm")) return confirm(project, runId, a, e);
    if (a.get("--format") == "json")
        std::printf("%s\n", proposalsJson(e).dump(1).c_str());
    else if (a.get("--format") == "text")
        printProposals(e);
    else
        throw UsageError("--format expects text or json");
    return ts::cli::kExitOk;
}

const ts::cli::RegisterCommand reg{
    {"evidence", "propose evidence in a free-form trace, or confirm it as human verdicts",
     &runEvidence}};

}  // namespace
