#include "core/train/run_bundle.h"

#include <algorithm>

#include "core/train/checkpoint_store.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"
#include "core/util/sha256.h"

namespace fs = std::filesystem;

namespace ts::train {

namespace {

constexpr const char* kTempPrefix = ".tmp-";
const std::vector<std::string> kBundleFiles = {"predictions.jsonl", "training.json"};

nlohmann::json runJson(const store::RunInfo& r) {
    return {{"name", r.name},
            {"model", r.model},
            {"checkpoint", r.checkpoint},
            {"condition", r.condition},
            {"trace_type", std::string(toString(r.traceType))},
            {"seed", r.seed ? nlohmann::json(*r.seed) : nlohmann::json()},
            {"hyper_parameters", r.hyperParameters},
            {"source", r.source}};
}

store::RunInfo runFromJson(const nlohmann::json& j) {
    store::RunInfo r;
    r.name = j.at("name").get<std::string>();
    r.model = j.at("model").get<std::string>();
    r.checkpoint = j.at("checkpoint").get<std::string>();
    r.condition = j.at("condition").get<std::string>();
    // Bundles written before trace types existed hold rule-based runs.
    if (j.contains("trace_type")) {
        const auto t = parseTraceType(j.at("trace_type").get<std::string>());
        if (!t) throw Error("unknown trace_type '" + j.at("trace_type").get<std::string>() + "'");
        r.traceType = *t;
    }
    if (!j.at("seed").is_null()) r.seed = j.at("seed").get<long long>();
    r.hyperParameters = j.at("hyper_parameters");
    r.source = j.at("source");
    return r;
}

}  // namespace

std::string bundleFolderName(const std::string& runName) {
    // Run names hold slashes (<experiment>/<dataset>/<condition>/s<seed>); the
    // folder keeps them readable and a hash keeps distinct names apart.
    std::string safe;
    for (char c : runName) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        safe += plain ? c : '+';
    }
    while (!safe.empty() && safe.front() == '.') safe.erase(0, 1);  // no hidden or ".." names
    return safe.substr(0, 150) + "-" + sha256Hex(runName).substr(0, 10);
}

namespace {}  // namespace

fs::path writeRunBundle(const fs::path& root, const store::RunInfo& run, const std::string& dataset,
                        const std::string& testSplit, const fs::path& predictions,
                        const nlohmann::json& training) {
    const std::string folder = bundleFolderName(run.name);
    const fs::path staged = root / (kTempPrefix + folder);
    fs::remove_all(staged);
    fs::create_directories(staged);
    fs::copy_file(predictions, staged / "predictions.jsonl");
    writeFileAtomic(staged / "training.json", training.dump(1) + "\n");
    nlohmann::json files = nlohmann::json::object();
    for (const auto& name : kBundleFiles)
        files[name] = {{"sha256", sha256OfFile(staged / name)},
                       {"bytes", fs::file_size(staged / name)}};
    const nlohmann::json manifest = {{"format", kRunBundleFormat},
                                     {"version", kRunBundleVersion},
                                     {"run", runJson(run)},
                                     {"dataset", {{"name", dataset}, {"test_split", testSplit}}},
                                     {"files", files}};
    writeFileAtomic(staged / "manifest.json", manifest.dump(1) + "\n");
    syncTree(staged);
    const fs::path target = root / folder;
    replaceFolder(staged, target);
    return target;
}

RunBundle readRunBundle(const fs::path& dir) {
    const fs::path manifestFile = dir / "manifest.json";
    if (!fs::is_regular_file(manifestFile))
        throw Error("not a run bundle (no manifest.json)", {dir.string()});
    const auto m =
        parseJsonChecked(readFile(manifestFile, kConfigFileLimit), manifestFile.string());
    const std::string where = manifestFile.string();
    if (!m.is_object() || m.value("format", "") != kRunBundleFormat)
        throw Error("not a run bundle manifest", {where, 0, "format"});
    if (m.value("version", 0) != kRunBundleVersion)
        throw Error("run bundle version " + m.value("version", nlohmann::json()).dump() +
                        " is not supported (this build reads version " +
                        std::to_string(kRunBundleVersion) + ")",
                    {where, 0, "version"});
    RunBundle b;
    b.dir = dir;
    try {
        b.run = runFromJson(m.at("run"));
        b.dataset = m.at("dataset").at("name").get<std::string>();
        b.testSplit = m.at("dataset").at("test_split").get<std::string>();
        for (const auto& name : kBundleFiles) {
            const auto& f = m.at("files").at(name);
            const fs::path file = dir / name;
            if (!fs::is_regular_file(file))
                throw Error("the bundle is incomplete: " + name + " is missing", {file.string()});
            if (fs::file_size(file) != f.at("bytes").get<std::uint64_t>() ||
                sha256OfFile(file) != f.at("sha256").get<std::string>())
                throw Error(
                    "checksum mismatch: the file differs from the one the bundle was "
                    "made with (copied partly, or altered)",
                    {file.string()});
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed run bundle manifest: ") + e.what(), {where});
    }
    if (dir.filename() != bundleFolderName(b.run.name))
        throw Error("bundle folder '" + dir.filename().string() + "' holds run '" + b.run.name +
                        "' (expected folder '" + bundleFolderName(b.run.name) + "')",
                    {where, 0, "run.name"});
    const fs::path trainingFile = dir / "training.json";
    b.training = parseJsonChecked(readFile(trainingFile, kConfigFileLimit), trainingFile.string());
    return b;
}

std::vector<fs::path> findRunBundles(const fs::path& root) {
    std::vector<fs::path> out;
    if (!fs::is_directory(root)) return out;
    for (const auto& e : fs::directory_iterator(root))
        if (e.is_directory() && e.path().filename().string().rfind(kTempPrefix, 0) != 0)
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace ts::train
