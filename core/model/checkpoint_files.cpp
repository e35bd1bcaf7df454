#include "core/model/checkpoint_files.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace ts::model {

namespace fs = std::filesystem;

namespace {

// Shard names come from a file we do not trust: plain file names only.
bool isPlainFileName(const std::string& s) {
    return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
           s.find('\\') == std::string::npos && s.find('\0') == std::string::npos;
}

}  // namespace

CheckpointFiles CheckpointFiles::open(const fs::path& dir, const std::string& baseName) {
    CheckpointFiles c;
    c.dir_ = dir.string();
    const fs::path index = dir / (baseName + ".index.json");
    const fs::path single = dir / baseName;
    if (fs::exists(index)) {
        c.sharded_ = true;
        const std::string where = index.string();
        const std::string text = readFile(index, kConfigFileLimit);
        requireJsonDepthWithin(text, where);
        const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw Error("not a JSON object", {where});
        const auto wm = j.find("weight_map");
        if (wm == j.end() || !wm->is_object())
            throw Error("missing weight_map object", {where, 0, "weight_map"});
        std::map<std::string, std::size_t> fileIndex;
        for (auto it = wm->begin(); it != wm->end(); ++it) {
            if (!it.value().is_string())
                throw Error("shard file name must be a string",
                            {where, 0, "weight_map." + it.key()});
            const std::string shard = it.value().get<std::string>();
            if (!isPlainFileName(shard))
                throw Error(
                    "shard '" + shard + "' is not a plain file name in the checkpoint directory",
                    {where, 0, "weight_map." + it.key()});
            auto f = fileIndex.find(shard);
            if (f == fileIndex.end()) {
                const fs::path p = dir / shard;
                if (!fs::exists(p))
                    throw Error("shard file '" + shard + "' does not exist",
                                {where, 0, "weight_map." + it.key()});
                c.files_.push_back(SafetensorsFile::open(p));
                f = fileIndex.emplace(shard, c.files_.size() - 1).first;
            }
            if (!c.files_[f->second].contains(it.key()))
                throw Error("tensor is listed in the index but absent from shard '" + shard + "'",
                            {where, 0, it.key()});
            c.where_[it.key()] = f->second;
        }
        if (c.files_.empty()) throw Error("weight_map is empty", {where, 0, "weight_map"});
        return c;
    }
    if (!fs::exists(single))
        throw Error("no " + baseName + " or " + baseName + ".index.json in the directory",
                    {c.dir_});
    c.files_.push_back(SafetensorsFile::open(single));
    for (const auto& e : c.files_[0].tensors()) c.where_[e.name] = 0;
    return c;
}

const SafetensorsFile& CheckpointFiles::fileOf(const std::string& tensor) const {
    const auto it = where_.find(tensor);
    if (it == where_.end()) throw Error("tensor not found in the checkpoint", {dir_, 0, tensor});
    return files_[it->second];
}

const TensorEntry& CheckpointFiles::entry(const std::string& tensor) const {
    return fileOf(tensor).entry(tensor);
}

std::string_view CheckpointFiles::bytes(const std::string& tensor) const {
    return fileOf(tensor).bytes(tensor);
}

std::vector<std::string> CheckpointFiles::names() const {
    std::vector<std::string> out;
    out.reserve(where_.size());
    for (const auto& [n, _] : where_) out.push_back(n);
    return out;
}

std::uint64_t CheckpointFiles::totalBytes() const {
    std::uint64_t total = 0;
    for (const auto& [n, _] : where_) total += entry(n).byteSize();
    return total;
}

ShardPlan planShards(const std::vector<std::uint64_t>& tensorBytes, std::uint64_t maxShardBytes,
                     const std::string& baseName) {
    ShardPlan plan;
    std::uint64_t current = 0;
    for (std::size_t i = 0; i < tensorBytes.size(); ++i) {
        if (plan.members.empty() || (current > 0 && current + tensorBytes[i] > maxShardBytes)) {
            plan.members.emplace_back();
            current = 0;
        }
        plan.members.back().push_back(i);
        current += tensorBytes[i];
    }
    if (plan.members.empty()) plan.members.emplace_back();
    const std::size_t n = plan.members.size();
    const std::string stem = baseName.substr(0, baseName.rfind(".safetensors"));
    for (std::size_t s = 0; s < n; ++s) {
        if (n == 1) {
            plan.fileNames.push_back(baseName);
            continue;
        }
        char buf[64];
        std::snprintf(buf, sizeof buf, "-%05zu-of-%05zu.safetensors", s + 1, n);
        plan.fileNames.push_back(stem + buf);
    }
    return plan;
}

void writeShardIndex(const fs::path& dir, const ShardPlan& plan,
                     const std::vector<std::string>& tensorNames, std::uint64_t totalBytes,
                     const std::string& baseName) {
    nlohmann::json j;
    j["metadata"] = {{"total_size", totalBytes}};
    nlohmann::json wm = nlohmann::json::object();
    for (std::size_t s = 0; s < plan.members.size(); ++s)
        for (auto i : plan.members[s]) wm[tensorNames.at(i)] = plan.fileNames[s];
    j["weight_map"] = wm;
    writeFileAtomic(dir / (baseName + ".index.json"), j.dump(2) + "\n");
}

}  // namespace ts::model
