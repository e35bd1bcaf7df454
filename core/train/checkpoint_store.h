#pragma once
// Crash-safe checkpoint folders of a training run (torch-free):
//   <root>/step-00000120/   trainer_state.json + whatever the trainer wrote
// A checkpoint is written into a hidden temporary folder beside the final one
// and renamed into place only after every file was flushed and a manifest
// (trainer_state.json, listing each file with its byte size) was written last.
// A folder without a readable manifest, or whose files differ from it, is a
// half-written checkpoint: it is reported and never resumed from.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts::train {

struct CheckpointInfo {
    std::filesystem::path dir;
    std::int64_t step = 0;
    nlohmann::json state;  // trainer_state.json without its "files" manifest
};

class CheckpointStore {
public:
    explicit CheckpointStore(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }

    // The complete checkpoint with the highest step, if any.
    std::optional<CheckpointInfo> latestComplete() const;
    // Complete checkpoints in step order.
    std::vector<CheckpointInfo> complete() const;
    // step-* folders that fail the manifest check, and leftover temporary folders.
    std::vector<std::filesystem::path> incomplete() const;
    // Deletes the incomplete folders (returns how many).
    std::size_t removeIncomplete() const;

    // A fresh temporary folder for the checkpoint of `step`.
    std::filesystem::path beginWrite(std::int64_t step) const;
    // Writes the manifest (state + every file's size) into tempDir, flushes
    // and renames it to step-N (replacing an older folder of that step).
    CheckpointInfo commit(const std::filesystem::path& tempDir, std::int64_t step,
                          const nlohmann::json& state) const;
    // Keeps the newest `keep` complete checkpoints.
    void prune(int keep) const;

    static std::string folderName(std::int64_t step);
    // Validates one folder; nullopt when it is not a complete checkpoint.
    static std::optional<CheckpointInfo> inspect(const std::filesystem::path& dir);

private:
    std::filesystem::path root_;
};

// Flushes every regular file below dir to disk (and the folders themselves).
void syncTree(const std::filesystem::path& dir);

// Replaces `target` by the folder `staged` with one rename (an existing target
// is moved aside first and deleted afterwards), so readers see either the old
// or the new folder, never a mixture.
void replaceFolder(const std::filesystem::path& staged, const std::filesystem::path& target);

}  // namespace ts::train
