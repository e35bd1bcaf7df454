#include "core/train/slurm_sweep.h"

#include <chrono>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/train/experiment_runner.h"
#include "core/train/run_bundle.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/subprocess.h"

namespace fs = std::filesystem;

namespace ts::train {

namespace {

// Run names in cell order (dataset x condition x seed, as the runner counts).
std::vector<std::string> cellRunNames(const ExperimentSpec& spec) {
    std::vector<std::string> names;
    for (const auto& d : spec.datasets)
        for (auto c : spec.conditions)
            for (auto seed : spec.seeds) names.push_back(runName(spec, d, c, seed));
    return names;
}

bool hasBundle(const fs::path& workDir, const std::string& name) {
    try {
        readRunBundle(bundleRoot(workDir) / bundleFolderName(name));
        return true;
    } catch (const Error&) {
        return false;
    }
}

// Single-quoted for bash.
std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

fs::path jobsFile(const fs::path& workDir) {
    return workDir / "slurm" / "jobs.json";
}

nlohmann::json readJobs(const fs::path& workDir) {
    const auto file = jobsFile(workDir);
    if (!fs::exists(file)) return nlohmann::json::array();
    return parseJsonChecked(readFile(file, kConfigFileLimit), file.string());
}

// Each cell's state in the most recent recorded job that has a task for it.
// `-t all` keeps finished tasks (COMPLETED, FAILED, CANCELLED) in the answer
// for as long as slurmctld remembers them (MinJobAge); plain squeue shows
// only pending and running ones.
std::map<std::size_t, std::string> queuedStates(const nlohmann::json& jobs) {
    std::map<std::size_t, std::pair<unsigned long, std::string>> latest;
    std::string ids;
    for (const auto& j : jobs) ids += (ids.empty() ? "" : ",") + j.at("job_id").get<std::string>();
    std::map<std::size_t, std::string> states;
    if (ids.empty()) return states;
    const auto r = runProgram({"squeue", "-h", "-r", "-t", "all", "-j", ids, "-o", "%i %T"});
    if (r.exitCode != 0) return states;  // jobs slurmctld no longer knows
    std::istringstream in(r.out);
    std::string id, state;
    while (in >> id >> state) {
        const auto us = id.find('_');
        if (us == std::string::npos) continue;
        try {
            const unsigned long job = std::stoul(id.substr(0, us));
            const std::size_t task = std::stoul(id.substr(us + 1));
            auto& slot = latest[task];
            if (job >= slot.first) slot = {job, state};
        } catch (const std::exception&) {
        }
    }
    for (const auto& [task, js] : latest) states[task] = js.second;
    return states;
}

}  // namespace

std::string arrayRanges(const std::vector<std::size_t>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size();) {
        std::size_t j = i;
        while (j + 1 < cells.size() && cells[j + 1] == cells[j] + 1) ++j;
        if (!out.empty()) out += ",";
        out += std::to_string(cells[i]);
        if (j > i) out += "-" + std::to_string(cells[j]);
        i = j + 1;
    }
    return out;
}

std::string sweepScript(const ExperimentSpec& spec, const fs::path& experimentFile,
                        const fs::path& workDir, const std::vector<std::size_t>& cells,
                        const SlurmOptions& o) {
    if (cells.empty()) throw Error("no cells to submit");
    const fs::path file = fs::absolute(experimentFile), work = fs::absolute(workDir);
    const fs::path logs = work / "slurm";
    std::ostringstream s;
    s << "#!/bin/bash\n"
      << "# TraceScope sweep of " << spec.name << ": one array task per experiment cell\n"
      << "# (dataset x condition x seed); each leaves a run bundle in " << bundleRoot(work).string()
      << ".\n"
      << "#SBATCH --job-name=tracescope-" << spec.name << "\n"
      << "#SBATCH --array=" << arrayRanges(cells) << "\n"
      << "#SBATCH --cpus-per-task=" << o.cpusPerTask << "\n"
      << "#SBATCH --output=" << (logs / "%A_%a.out").string() << "\n"
      << "#SBATCH --requeue\n";
    if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
    if (!o.gres.empty()) s << "#SBATCH --gres=" << o.gres << "\n";
    if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
    if (!o.account.empty()) s << "#SBATCH --account=" << o.account << "\n";
    s << "set -euo pipefail\n"
      << "# A requeued or resubmitted task resumes from the cell's last checkpoint.\n"
      << "exec " << quoted(fs::absolute(o.cli).string()) << " experiment run-cell "
      << quoted(file.string()) << " --cell \"$SLURM_ARRAY_TASK_ID\" --work-dir "
      << quoted(work.string()) << " --threads \"${SLURM_CPUS_PER_TASK:-" << o.cpusPerTask << "}\"";
    if (!o.device.empty()) s << " --device " << quoted(o.device);
    s << "\n";
    return s.str();
}

std::vector<std::size_t> cellsWithoutBundle(const ExperimentSpec& spec, const fs::path& workDir) {
    std::vector<std::size_t> out;
    const auto names = cellRunNames(spec);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (!hasBundle(workDir, names[i])) out.push_back(i);
    return out;
}

SubmittedSweep submitSweep(const ExperimentSpec& spec, const fs::path& experimentFile,
                           const fs::path& workDir, const std::vector<std::size_t>& cells,
                           const SlurmOptions& options) {
    const fs::path dir = fs::absolute(workDir) / "slurm";
    fs::create_directories(dir);
    auto jobs = readJobs(workDir);
    SubmittedSweep out;
    out.cells = cells;
    out.script = dir / ("sweep-" + std::to_string(jobs.size() + 1) + ".sbatch");
    writeFileAtomic(out.script, sweepScript(spec, experimentFile, workDir, cells, options));
    const auto r = runProgram({"sbatch", "--parsable", out.script.string()});
    if (r.exitCode != 0)
        throw Error("sbatch refused the sweep: " + (r.err.empty() ? r.out : r.err),
                    {out.script.string()});
    out.jobId = r.out.substr(0, r.out.find_first_of(";\n"));
    jobs.push_back({{"job_id", out.jobId},
                    {"script", out.script.string()},
                    {"cells", cells},
                    {"submitted_at", std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count()}});
    writeFileAtomic(jobsFile(workDir), jobs.dump(1) + "\n");
    return out;
}

std::string CellState::state() const {
    if (bundle) return "done";
    return scheduler.empty() ? "not queued" : scheduler;
}

std::vector<CellState> sweepStatus(const ExperimentSpec& spec, const fs::path& workDir) {
    const auto names = cellRunNames(spec);
    const auto queued = queuedStates(readJobs(workDir));
    std::vector<CellState> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        CellState c;
        c.index = i;
        c.runName = names[i];
        c.bundle = hasBundle(workDir, names[i]);
        if (const auto it = queued.find(i); it != queued.end()) c.scheduler = it->second;
        out.push_back(c);
    }
    return out;
}

}  // namespace ts::train
