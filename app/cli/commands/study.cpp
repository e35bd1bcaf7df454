// tracescope-cli study create|list|export|import|report: human rating studies
// stored in the project (core/store/studies.h) - the same calls as the
// workbench's study mode.
#include <cstdio>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/project_access.h"
#include "core/store/project.h"
#include "core/store/studies.h"
#include "core/store/study_csv.h"
#include "core/store/study_report.h"

namespace {

using ts::cli::UsageError;
namespace store = ts::store;

std::vector<std::string> commaList(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& v : values) {
        std::stringstream in(v);
        std::string part;
        while (std::getline(in, part, ','))
            if (!part.empty()) out.push_back(part);
    }
    return out;
}

void require(const ts::cli::ParsedArgs& a, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (!a.has(n)) throw UsageError(std::string(n) + " is required");
}

int create(const ts::cli::ParsedArgs& a) {
    require(a, {"--project", "--name"});
    store::StudySpec spec;
    spec.name = a.get("--name");
    spec.seed = static_cast<std::uint64_t>(a.getInt("--seed"));
    spec.runs = a.all("--run");
    spec.itemKeys = commaList(a.all("--item"));
    if (spec.itemKeys.empty()) {
        if (!a.has("--items")) throw UsageError("give --items N or --item ID...");
        spec.itemCount = static_cast<std::size_t>(a.getInt("--items"));
    }
    spec.participants = commaList(a.all("--participants"));
    auto project = ts::cli::openProject(a.get("--project"));
    const auto study = store::createStudy(project, spec);
    std::printf("created study '%s': %zu items x %zu arms, %zu participants registered\n",
                study.name.c_str(), study.items.size(), study.arms.size(),
                study.participants.size());
    for (const auto& arm : study.arms)
        std::printf("  arm %d: %s (run %s)\n", arm.arm, arm.label.c_str(), arm.runName.c_str());
    return ts::cli::kExitOk;
}

int list(const ts::cli::ParsedArgs& a) {
    require(a, {"--project"});
    auto project = ts::cli::openProject(a.get("--project"));
    for (const auto& name : store::listStudies(project)) {
        const auto s = store::loadStudy(project, name);
        const auto ratings = store::loadRatings(project, s);
        std::printf("%s: %zu items x %zu arms, %zu participants, %zu ratings\n", name.c_str(),
                    s.items.size(), s.arms.size(), s.participants.size(), ratings.size());
    }
    return ts::cli::kExitOk;
}

// A participant's blinded sequence (joining them when new): what a paper
// form or another tool shows, in order, with the arm label the CSV needs.
int sequence(const ts::cli::ParsedArgs& a) {
    require(a, {"--project", "--name", "--participant"});
    auto project = ts::cli::openProject(a.get("--project"));
    auto study = store::loadStudy(project, a.get("--name"));
    const int slot = store::joinStudy(project, study, a.get("--participant"));
    std::printf("index,item,trace_type\n");
    for (const auto& t : store::participantTrials(study, slot))
        std::printf("%zu,%s,%s\n", t.index, t.item.itemKey.c_str(), t.arm->label.c_str());
    return ts::cli::kExitOk;
}

int exportCsv(const ts::cli::ParsedArgs& a) {
    require(a, {"--project", "--name", "--out"});
    auto project = ts::cli::openProject(a.get("--project"));
    const auto study = store::loadStudy(project, a.get("--name"));
    store::exportRatingsCsv(project, study, a.get("--out"));
    std::printf("wrote %zu ratings to %s\n", store::loadRatings(project, study).size(),
                a.get("--out").c_str());
    return ts::cli::kExitOk;
}

int importCsv(const ts::cli::ParsedArgs& a) {
    require(a, {"--project", "--name"});
    if (a.all("--csv").empty()) throw UsageError("give --csv FILE (repeatable)");
    auto project = ts::cli::openProject(a.get("--project"));
    const auto study = store::loadStudy(project, a.get("--name"));
    for (const auto& file : a.all("--csv")) {
        const auto r = store::importRatingsCsv(project, study, file);
        std::printf("%s: %lld ratings added, %lld already there\n", file.c_str(), r.added,
                    r.unchanged);
    }
    return ts::cli::kExitOk;
}

int report(const ts::cli::ParsedArgs& a) {
    require(a, {"--project", "--name"});
    auto project = ts::cli::openProject(a.get("--project"));
    const auto study = store::loadStudy(project, a.get("--name"));
    std::vector<std::string> arms;
    for (const auto& arm : study.arms) arms.push_back(arm.label);
    // A CSV (e.g. merged from elsewhere, or the one R reads) instead of the stored ratings.
    const auto rows =
        a.has("--csv") ? store::readRatingsCsv(a.get("--csv")) : store::ratingRows(project, study);
    const auto r = store::studyReport(rows, arms, static_cast<std::uint32_t>(study.seed));
    const std::string format = a.get("--format");
    if (format == "json")
        std::printf("%s\n", store::studyReportJson(r).c_str());
    else if (format == "text")
        std::printf("%s", store::studyReportText(r).c_str());
    else
        throw UsageError("--format expects text or json");
    return ts::cli::kExitOk;
}

int runStudy(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli study create|list|sequence|export|import|report --project P.tsproj "
        "[options]",
        "Human rating studies of trace interpretability (the paper's v2 study).\n"
        "  create --name S --run R --run R2 ... (--items N | --item ID,...) [--participants "
        "A,B,...] [--seed N]: one arm per run (all of one dataset), N items drawn with the seed "
        "from those every run answered (a multiple of the arm count); each participant gets a "
        "blinded, balanced, seeded sequence.\n"
        "  list: the project's studies.\n"
        "  sequence --name S --participant P: P's trials in order as CSV "
        "(index,item,trace_type), registering P when new.\n"
        "  export --name S --out F.csv: the ratings as long CSV "
        "(participant,item,trace_type,scale,rating,seconds,comment).\n"
        "  import --name S --csv F.csv ...: merge ratings collected elsewhere, one transaction "
        "per file; any bad row refuses the file (naming file and line).\n"
        "  report --name S [--csv F.csv] [--format text|json]: per trace type and scale n, "
        "mean, median, 95% bootstrap CI; Kruskal-Wallis; pairwise Mann-Whitney U with Holm; "
        "rank-biserial r; Krippendorff's alpha (ordinal).");
    p.positional("action", "create, list, sequence, export, import or report")
        .option("--project", "P", "the project file")
        .option("--name", "S", "the study")
        .repeated("--run", "R", "a run to rate (one arm each; create)")
        .option("--items", "N", "how many items to draw (create)")
        .repeated("--item", "ID", "items to rate, comma-separated or repeated (create)")
        .repeated("--participants", "A,B", "participant IDs to register (create)")
        .option("--participant", "P", "a participant ID (sequence)")
        .option("--seed", "N", "the study's seed (sequences, item draw, bootstrap)", "1")
        .option("--out", "F", "the CSV to write (export)")
        .repeated("--csv", "F",
                  "ratings CSV (import: repeatable; report: instead of the project's)")
        .option("--format", "F", "text or json (report)", "text");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const std::string action = a.positionals().at(0);
    if (action == "create") return create(a);
    if (action == "list") return list(a);
    if (action == "sequence") return sequence(a);
    if (action == "export") return exportCsv(a);
    if (action == "import") return importCsv(a);
    if (action == "report") return report(a);
    throw UsageError("unknown study action '" + action +
                     "' (create, list, export, import, report)");
}

const ts::cli::RegisterCommand reg{
    {"study", "human rating studies: create, export, import and report", &runStudy}};

}  // namespace
