#pragma once
// A run bundle: one experiment cell's results as a self-contained folder, made
// where the cell ran (a cluster node, another machine) and imported into a
// project elsewhere (`experiment collect`). docs/formats.md "Run bundles".
//
//   <bundles>/<folder>/manifest.json         format, version, the run's metadata
//                                           (name, model, checkpoint path,
//                                           condition, seed, settings), its
//                                           dataset and every file's size and
//                                           SHA-256
//   <bundles>/<folder>/predictions.jsonl  the test split's predictions
//   <bundles>/<folder>/training.json        the training result and its history
//
// A bundle is written into a temporary folder and renamed into place, so a
// folder under its final name is complete; reading verifies every checksum
// and refuses a bundle that is partial, altered or of another format, naming
// the file. Torch-free.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/run_writer.h"

namespace ts::train {

inline constexpr const char* kRunBundleFormat = "tracescope-run-bundle";
inline constexpr int kRunBundleVersion = 1;

struct RunBundle {
    std::filesystem::path dir;
    store::RunInfo run;
    std::string dataset;      // the experiment's dataset name
    std::string testSplit;    // the split the predictions answer
    nlohmann::json training;  // TrainingResult as JSON
    std::filesystem::path predictions() const { return dir / "predictions.jsonl"; }
};

// The folder of a run's bundle: the run name with every character but
// [A-Za-z0-9._-] as '+', then '-' and 10 hex digits of its SHA-256.
std::string bundleFolderName(const std::string& runName);

// Writes <root>/<bundleFolderName(run.name)>/ from a predictions file;
// replaces an older bundle of the same run.
std::filesystem::path writeRunBundle(const std::filesystem::path& root, const store::RunInfo& run,
                                     const std::string& dataset, const std::string& testSplit,
                                     const std::filesystem::path& predictions,
                                     const nlohmann::json& training);

// Reads and verifies one bundle folder (throws ts::Error naming the file).
RunBundle readRunBundle(const std::filesystem::path& dir);

// The bundle folders under root (complete ones: temporary folders are
// skipped), sorted by name; none when root does not exist.
std::vector<std::filesystem::path> findRunBundles(const std::filesystem::path& root);

}  // namespace ts::train
