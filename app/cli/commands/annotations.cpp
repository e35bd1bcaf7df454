// tracescope-cli annotations export|import: annotations as CSV or JSON Lines
// files (core/store/annotation_files.h) - to script with, to merge several
// annotators' work, or to load ratings collected elsewhere. An import checks
// every row first and stores them all in one transaction, or none.
#include <cstdio>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "app/cli/project_access.h"
#include "core/store/annotation_files.h"
#include "core/store/project.h"
#include "core/store/run_lookup.h"
#include "core/util/file_io.h"

namespace {

using ts::cli::UsageError;
namespace store = ts::store;

int runExport(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli annotations export --project P.tsproj [--run R] --format csv|jsonl --out "
        "FILE",
        "Writes the annotations of one run, or of every run, to FILE (atomically).");
    p.option("--project", "P", "the project file")
        .option("--run", "R", "only this run's annotations")
        .option("--format", "F", "csv or jsonl")
        .option("--out", "FILE", "the file to write");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    for (const char* required : {"--project", "--format", "--out"})
        if (!a.has(required)) throw UsageError(std::string(required) + " is required");
    const auto format = store::parseAnnotationFileFormat(a.get("--format"));
    if (!format) throw UsageError("--format expects csv or jsonl, got '" + a.get("--format") + "'");
    auto project = ts::cli::openProject(a.get("--project"));
    const long long runId = a.has("--run") ? store::requireRunId(project.db(), a.get("--run")) : 0;
    const std::string text = store::formatAnnotations(project, runId, *format);
    ts::writeFileAtomic(a.get("--out"), text);
    std::printf("wrote %s\n", a.get("--out").c_str());
    return ts::cli::kExitOk;
}

int runImport(const std::vector<std::string>& args) {
    ts::cli::ArgParser p(
        "tracescope-cli annotations import --project P.tsproj --in FILE [--annotator NAME]",
        "Reads annotations from a .csv or .jsonl file (the export's layout) and stores them in "
        "one transaction; a row for an annotation that exists replaces it. Any bad row stops the "
        "import with an error naming the file, line and field, and nothing is stored.");
    p.option("--project", "P", "the project file")
        .option("--in", "FILE", "the annotations file (.csv or .jsonl)")
        .option("--annotator", "NAME", "store every row as this annotator's");
    const auto a = p.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    for (const char* required : {"--project", "--in"})
        if (!a.has(required)) throw UsageError(std::string(required) + " is required");
    auto project = ts::cli::openProject(a.get("--project"));
    const auto s =
        store::importAnnotations(project, a.get("--in"), a.find("--annotator").value_or(""));
    std::printf("imported %lld annotations (%lld new, %lld replaced)\n", s.rows, s.inserted,
                s.replaced);
    return ts::cli::kExitOk;
}

int runAnnotations(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::printf(
            "tracescope-cli annotations export|import ...\n\n"
            "export: the annotations of a project (or one run) as CSV or JSON Lines.\n"
            "import: annotations from such a file, in one transaction.\n"
            "'tracescope-cli annotations export --help' and 'import --help' describe the "
            "options.\n");
        if (args.empty()) throw UsageError("give export or import");
        return ts::cli::kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "export") return runExport(rest);
    if (args[0] == "import") return runImport(rest);
    throw UsageError("unknown annotations subcommand '" + args[0] + "' (export or import)");
}

const ts::cli::RegisterCommand reg{
    {"annotations", "export annotations to CSV / JSON Lines, or import them", &runAnnotations}};

}  // namespace
