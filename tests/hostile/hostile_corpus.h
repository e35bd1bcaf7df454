#pragma once
// The hostile-input corpus, generated at test time (nothing large is ever
// committed): truncated files, wrong encodings, deep nesting, huge numbers,
// NaN/Inf weights, mismatched shapes, zero-length files, a 2 GiB sparse file,
// symlinks to /dev/zero and /dev/urandom, a FIFO, a directory where a file
// belongs - for every kind of file TraceScope reads, annotation files included.
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/dataset_loader.h"
#include "core/data/item.h"

namespace ts::test {

enum class HostileKind {
    Dataset,       // loadDataset(path, format); import --format jsonl with it as the gold file
    Predictions,   // native predictions against a valid dataset (import)
    ModelDir,      // inspectModel + CausalLM::load of the folder
    Tokenizer,     // Tokenizer::load + encode
    ChatTemplate,  // ChatTemplate(template file).render(messages file)
    AdapterDir,    // CausalLM::load(tiny model) + loadAdapter(folder)
    Annotations,   // importAnnotations into the project `partner` (a run "baseline" of goodDataset)
    StudyRatings,  // importRatingsCsv into study "s" of the project `partner`
};

struct HostileCase {
    std::string name;  // unique, e.g. "dataset/cotempqa-deep-nesting"
    HostileKind kind = HostileKind::Dataset;
    std::filesystem::path path;     // the bad file or folder
    std::filesystem::path partner;  // chat template: the messages file; predictions: the gold dataset
    DatasetFormat format = DatasetFormat::Auto;
    DatasetKind datasetKind = DatasetKind::CoTempQA;
    // A word the error message must contain besides the file's name ("" = any).
    std::string expect;
};

struct HostileCorpus {
    std::vector<HostileCase> cases;
    std::filesystem::path goodModel;     // a valid tiny model (adapter cases load it)
    std::filesystem::path goodDataset;   // a valid CoTempQA class file
    std::filesystem::path goodPredictions;  // native predictions for goodDataset
    std::filesystem::path goodProject;      // a project holding run "baseline" (annotation cases)
    std::filesystem::path studyProject;  // goodProject with study "s" (one arm: baseline; p1, p2)
};

// Writes the corpus under root (which must be empty) and describes it.
HostileCorpus makeHostileCorpus(const std::filesystem::path& root);

// Size of the sparse file in the corpus (created with ftruncate; it takes no disk space).
inline constexpr std::uint64_t kSparseFileBytes = std::uint64_t(2) << 30;

}  // namespace ts::test
