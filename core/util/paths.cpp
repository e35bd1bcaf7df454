#include "core/util/paths.h"

#include <cstdlib>

namespace ts {

namespace fs = std::filesystem;

fs::path sourceDir() { return fs::path(TRACESCOPE_SOURCE_DIR); }

fs::path sharedDataDir() {
    std::error_code ec;
    if (const char* env = std::getenv("TRACESCOPE_SHARED_DATA"); env && *env) {
        fs::path p(env);
        return fs::is_directory(p, ec) ? p : fs::path();
    }
    fs::path p = sourceDir().parent_path() / "shared" / "data";
    return fs::is_directory(p, ec) ? fs::weakly_canonical(p, ec) : fs::path();
}

fs::path sampleDataDir() {
    if (const char* env = std::getenv("TRACESCOPE_SAMPLE_DATA"); env && *env) return fs::path(env);
    return sourceDir() / "sample_data";
}

}  // namespace ts
