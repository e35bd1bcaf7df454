#pragma once
// Helpers shared by the fuzz targets. A target feeds bytes to one parser and
// accepts exactly one outcome for bad input: ts::Error (a clear message naming
// the file/line/key). Anything else - a crash, a sanitizer report, a hang, a
// leak, or any other exception escaping - is a bug libFuzzer reports.
//
// The same sources build twice: with clang and -fsanitize=fuzzer (tests/fuzz,
// TRACESCOPE_FUZZ=ON) and with the normal compiler into fuzz_replay
// (tests/hostile), which replays tests/fuzz/regressions/ under ctest.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/error.h"

namespace ts::fuzz {

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Splits the input at the first NUL byte: two independent inputs in one
// (e.g. a template and its data). second is empty when there is no NUL.
struct TwoParts {
    std::string_view first, second;
    bool hasSecond = false;
};
inline TwoParts splitAtNul(std::string_view in) {
    const auto nul = in.find('\0');
    if (nul == std::string_view::npos) return {in, {}, false};
    return {in.substr(0, nul), in.substr(nul + 1), true};
}

// A scratch directory private to this process (the loaders read files, so
// their targets write the input under a name the loader expects).
inline const std::filesystem::path& scratchDirectory() {
    static const std::filesystem::path dir = [] {
        std::error_code ec;
        auto base = std::filesystem::temp_directory_path(ec);
        if (ec) base = "/tmp";
        auto d = base / ("tracescope-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

// Writes the input to scratchDirectory()/name (relative paths may contain a
// folder, e.g. "test/equal.json") and returns the path.
inline std::filesystem::path writeInput(const std::string& name, std::string_view bytes) {
    const auto path = scratchDirectory() / name;
    std::filesystem::create_directories(path.parent_path());
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) std::abort();
    std::fclose(f);
    return path;
}

// Runs fn and swallows ts::Error (the documented outcome of bad input).
template <class Fn>
void expectCleanErrors(Fn&& fn) {
    try {
        fn();
    } catch (const ts::Error&) {
    }
}

}  // namespace ts::fuzz
