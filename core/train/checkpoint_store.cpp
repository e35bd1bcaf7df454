#include "core/train/checkpoint_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace fs = std::filesystem;

namespace ts::train {

namespace {

constexpr const char* kManifest = "trainer_state.json";
constexpr const char* kTempPrefix = ".tmp-";

void syncPath(const fs::path& p, bool directory) {
    const int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

std::optional<std::int64_t> stepOfName(const std::string& name) {
    if (!startsWith(name, "step-") || name.size() <= 5) return std::nullopt;
    std::int64_t v = 0;
    for (std::size_t i = 5; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9') return std::nullopt;
        v = v * 10 + (name[i] - '0');
    }
    return v;
}

std::string uniqueSuffix() {
    static std::atomic<unsigned> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return std::to_string(::getpid()) + "-" + std::to_string(now) + "-" + std::to_string(counter++);
}

}  // namespace

void syncTree(const fs::path& dir) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) syncPath(e.path(), e.is_directory());
    syncPath(dir, true);
}

void replaceFolder(const fs::path& staged, const fs::path& target) {
    std::error_code ec;
    fs::path aside;
    if (fs::exists(target)) {
        aside = target.parent_path() / (std::string(kTempPrefix) + "old-" + uniqueSuffix());
        fs::rename(target, aside);
    }
    fs::rename(staged, target);
    syncPath(target.parent_path(), true);
    if (!aside.empty()) fs::remove_all(aside, ec);
}

CheckpointStore::CheckpointStore(fs::path root) : root_(std::move(root)) {}

std::string CheckpointStore::folderName(std::int64_t step) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "step-%08lld", static_cast<long long>(step));
    return buf;
}

std::optional<CheckpointInfo> CheckpointStore::inspect(const fs::path& dir) {
    const auto step = stepOfName(dir.filename().string());
    if (!step || !fs::is_regular_file(dir / kManifest)) return std::nullopt;
    nlohmann::json state;
    try {
        state = nlohmann::json::parse(readFile(dir / kManifest));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!state.is_object() || !state.contains("files") || !state["files"].is_object() ||
        state.value("step", std::int64_t{-1}) != *step)
        return std::nullopt;
    for (const auto& [rel, size] : state["files"].items()) {
        std::error_code ec;
        const auto actual = fs::file_size(dir / rel, ec);
        if (ec || !size.is_number_unsigned() || actual != size.get<std::uintmax_t>()) return std::nullopt;
    }
    CheckpointInfo info;
    info.dir = dir;
    info.step = *step;
    info.state = state;
    info.state.erase("files");
    return info;
}

std::vector<CheckpointInfo> CheckpointStore::complete() const {
    std::vector<CheckpointInfo> out;
    if (!fs::is_directory(root_)) return out;
    for (const auto& e : fs::directory_iterator(root_)) {
        if (!e.is_directory()) continue;
        if (auto info = inspect(e.path())) out.push_back(std::move(*info));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
    return out;
}

std::optional<CheckpointInfo> CheckpointStore::latestComplete() const {
    auto all = complete();
    if (all.empty()) return std::nullopt;
    return all.back();
}

std::vector<fs::path> CheckpointStore::incomplete() const {
    std::vector<fs::path> out;
    if (!fs::is_directory(root_)) return out;
    for (const auto& e : fs::directory_iterator(root_)) {
        const auto name = e.path().filename().string();
        if (startsWith(name, kTempPrefix)) out.push_back(e.path());
        else if (e.is_directory() && stepOfName(name) && !inspect(e.path())) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t CheckpointStore::removeIncomplete() const {
    std::size_t n = 0;
    for (const auto& p : incomplete()) {
        std::error_code ec;
        fs::remove_all(p, ec);
        if (!ec) ++n;
    }
    return n;
}

fs::path CheckpointStore::beginWrite(std::int64_t step) const {
    fs::create_directories(root_);
    const auto dir = root_ / (kTempPrefix + folderName(step) + "-" + uniqueSuffix());
    fs::create_directories(dir);
    return dir;
}

CheckpointInfo CheckpointStore::commit(const fs::path& tempDir, std::int64_t step,
                                       const nlohmann::json& state) const {
    nlohmann::json manifest = state;
    manifest["step"] = step;
    nlohmann::json files = nlohmann::json::object();
    for (const auto& e : fs::recursive_directory_iterator(tempDir)) {
        if (!e.is_regular_file()) continue;
        const auto rel = fs::relative(e.path(), tempDir).generic_string();
        if (rel == kManifest) continue;
        files[rel] = static_cast<std::uintmax_t>(e.file_size());
    }
    manifest["files"] = files;
    syncTree(tempDir);
    writeFileAtomic(tempDir / kManifest, manifest.dump(1));
    syncPath(tempDir, true);
    const auto target = root_ / folderName(step);
    replaceFolder(tempDir, target);
    auto info = inspect(target);
    if (!info) throw Error("checkpoint failed its own manifest check", {target.string()});
    return *info;
}

void CheckpointStore::prune(int keep) const {
    auto all = complete();
    for (std::size_t i = 0; i + static_cast<std::size_t>(std::max(keep, 1)) < all.size(); ++i) {
        std::error_code ec;
        fs::remove_all(all[i].dir, ec);
    }
}

}  // namespace ts::train
