// Replays fuzz inputs through the fuzz targets without libFuzzer, with the
// normal compiler: `fuzz_replay TARGET PATH...` runs every file (directories
// are walked) once and prints how many ran from each path. ctest runs it over
// tests/fuzz/regressions/<target>/ (every crash input found by fuzzing stays
// fixed in the gcc build CI uses) and over the seed inputs made by
// fuzz_project_seeds and make_seeds.py. A crash or an escaping exception
// fails the test, and so does a path that does not exist or a replay of no
// input at all (a replay that runs nothing tests nothing); exit 77 (skipped)
// when the target needs ../shared/data that is absent.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#define TS_FUZZ_TARGETS(X)                                                                         \
    X(safetensors) X(tokenizer_json) X(tokenizer_encode) X(chat_template) X(python_literal) X(csv) \
    X(load_cotempqa) X(load_babi) X(load_msmarco) X(load_sft_csv) X(load_jsonl) X(trace_parser)     \
    X(model_config) X(adapter_config)

#define TS_DECLARE(name) extern "C" int tsFuzz_##name(const std::uint8_t*, std::size_t);
TS_FUZZ_TARGETS(TS_DECLARE)

namespace {

using Entry = int (*)(const std::uint8_t*, std::size_t);

struct Target {
    const char* name;
    Entry entry;
};

#define TS_ROW(name) {#name, &tsFuzz_##name},
const Target kTargets[] = {TS_FUZZ_TARGETS(TS_ROW)};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: fuzz_replay TARGET [FILE|DIR]...\ntargets:");
        for (const auto& t : kTargets) std::fprintf(stderr, " %s", t.name);
        std::fprintf(stderr, "\n");
        return 2;
    }
    const auto it = std::find_if(std::begin(kTargets), std::end(kTargets),
                                 [&](const Target& t) { return std::strcmp(t.name, argv[1]) == 0; });
    if (it == std::end(kTargets)) {
        std::fprintf(stderr, "unknown fuzz target '%s'\n", argv[1]);
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (int i = 2; i < argc; ++i) {
        const std::filesystem::path p = argv[i];
        const std::size_t before = files.size();
        if (std::filesystem::is_directory(p)) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else if (std::filesystem::is_regular_file(p)) {
            files.push_back(p);
        } else {
            std::fprintf(stderr, "%s: no such file or folder: %s\n", it->name, p.c_str());
            return 1;
        }
        std::printf("%s: %zu inputs from %s\n", it->name, files.size() - before, p.c_str());
    }
    if (files.empty()) {
        std::fprintf(stderr, "%s: no input to replay (a replay of nothing tests nothing)\n", it->name);
        return 1;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::printf("%s: %s (%zu bytes)\n", it->name, f.filename().c_str(), bytes.size());
        std::fflush(stdout);
        it->entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("%s: %zu inputs replayed without a crash\n", it->name, files.size());
    return 0;
}
