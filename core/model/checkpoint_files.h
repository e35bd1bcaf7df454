#pragma once
// The tensor files of a Hugging Face checkpoint directory, torch-free: either one
// model.safetensors or shards listed by model.safetensors.index.json
// ({"metadata": {...}, "weight_map": {tensor: "model-00001-of-00002.safetensors"}}).
// Every file is opened and validated up front; a weight_map that names a missing
// file, a path outside the directory, or a tensor absent from its shard is an
// error naming the index file and the tensor.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/model/safetensors.h"

namespace ts::model {

class CheckpointFiles {
public:
    // dir holds model.safetensors or model.safetensors.index.json (the index
    // wins when both exist, as in transformers).
    static CheckpointFiles open(const std::filesystem::path& dir,
                                const std::string& baseName = "model.safetensors");

    bool contains(const std::string& tensor) const { return where_.count(tensor) != 0; }
    const TensorEntry& entry(const std::string& tensor) const;
    std::string_view bytes(const std::string& tensor) const;
    const SafetensorsFile& fileOf(const std::string& tensor) const;
    // All tensor names, sorted.
    std::vector<std::string> names() const;
    const std::vector<SafetensorsFile>& files() const { return files_; }
    bool sharded() const { return sharded_; }
    std::uint64_t totalBytes() const;

private:
    std::vector<SafetensorsFile> files_;
    std::map<std::string, std::size_t> where_;  // tensor -> index into files_
    bool sharded_ = false;
    std::string dir_;
};

// Splits tensors (name, byte size, in order) into shards of at most maxShardBytes
// (a tensor larger than the limit gets a shard of its own), named like
// transformers: model-00001-of-00003.safetensors. One shard keeps baseName.
struct ShardPlan {
    std::vector<std::string> fileNames;
    std::vector<std::vector<std::size_t>> members;  // indices into the input list
};
ShardPlan planShards(const std::vector<std::uint64_t>& tensorBytes, std::uint64_t maxShardBytes,
                     const std::string& baseName = "model.safetensors");

// Writes model.safetensors.index.json for a sharded save.
void writeShardIndex(const std::filesystem::path& dir, const ShardPlan& plan,
                     const std::vector<std::string>& tensorNames, std::uint64_t totalBytes,
                     const std::string& baseName = "model.safetensors");

}  // namespace ts::model
