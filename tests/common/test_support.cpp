#include "tests/common/test_support.h"

#include <cstdlib>
#include <fstream>

#include "core/util/paths.h"

namespace ts::test {

namespace fs = std::filesystem;

fs::path sharedData() { return ts::sharedDataDir(); }

fs::path sharedFile(const std::string& relative) {
    const fs::path base = sharedData();
    if (base.empty()) return {};
    return base / relative;
}

fs::path sampleData() { return ts::sampleDataDir(); }
fs::path sourceDir() { return ts::sourceDir(); }

fs::path scratchDir(const std::string& name) {
    const char* env = std::getenv("TRACESCOPE_TEST_OUTPUT");
    fs::path base = env && *env ? fs::path(env) : fs::temp_directory_path() / "tracescope-tests";
    fs::path dir = base / name;
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    return dir;
}

fs::path writeText(const fs::path& path, const std::string& text) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    return path;
}

}  // namespace ts::test
