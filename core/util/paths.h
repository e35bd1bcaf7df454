#pragma once
// Where the optional shared data (../shared/data beside the source tree) lives.
#include <filesystem>

namespace ts {

// TRACESCOPE_SHARED_DATA if set and a directory; else <source dir>/../shared/data
// if it exists; else an empty path. Callers treat empty as "not available".
std::filesystem::path sharedDataDir();

// The source tree this binary was configured from (for sample_data/ and resources/).
std::filesystem::path sourceDir();

// <source dir>/sample_data, or TRACESCOPE_SAMPLE_DATA when set.
std::filesystem::path sampleDataDir();

}  // namespace ts
