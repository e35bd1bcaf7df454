// GPU check (plain main, no Qt): the engine on a CUDA device against the
// transformers fixtures, in float32 (the fixtures' 1e-4 / 1e-5 tolerances)
// and bfloat16 (the reduced-precision bound of core/model/parity.h), LoRA
// unmerged and merged; plus CUDA-graph decode against eager decode on a
// left-padded batch. Runs on the CPU too (--device cpu) for a dry run.
// Exit status: 0 all enforced checks passed, 1 a check failed, 2 usage.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/model/causal_lm.h"
#include "core/model/decode_parity.h"
#include "core/model/parity.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace {

namespace model = ts::model;

struct Args {
    std::string fixtures, device = "cuda", json;
    std::vector<std::string> dtypes = {"float32", "bfloat16"};
};

int usage() {
    std::fprintf(stderr,
                 "usage: gpu_parity --fixtures DIR [--device cuda|cpu] [--dtypes float32,bfloat16] "
                 "[--json FILE]\n");
    return 2;
}

// The CUDA-graph (or static) decode step against the eager one, teacher-forced
// on the same tokens: logits within the dtype's bound (float32 1e-4, reduced
// precision parity.h's bound); greedy agreement is a figure, not the verdict
// (the two paths sum over different column counts, so near ties may flip).
bool graphMatchesEager(const std::filesystem::path& fixture, const model::EngineOptions& engine,
                       std::string& line) {
    auto lm = model::CausalLM::load(fixture, engine);
    const std::vector<std::vector<std::int64_t>> prompts = {
        {1, 10, 20, 30, 40}, {5, 400, 2, 33, 9, 120, 64, 7}, {77}};
    const double limit =
        engine.dtype == model::DType::Float32 ? 1e-4 : model::kReducedPrecisionLogitsTol;
    const auto p = model::checkDecodePaths(lm, prompts, 24, limit);
    line = fixture.filename().string() + " [" + lm.deviceName() + ", " +
           model::dtypeName(engine.dtype) + "] " + p.toText();
    return p.passed();
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        const auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (k == "--fixtures")
            a.fixtures = value();
        else if (k == "--device")
            a.device = value();
        else if (k == "--json")
            a.json = value();
        else if (k == "--dtypes")
            a.dtypes = ts::split(value(), ',');
        else
            return usage();
    }
    if (a.fixtures.empty()) return usage();
    try {
        std::printf("torch %s, CUDA %s (%d devices)\n", model::torchVersion().c_str(),
                    model::cudaAvailable() ? "available" : "unavailable", model::cudaDeviceCount());
        const auto fixtures = model::findParityFixtures(a.fixtures);
        if (fixtures.empty()) throw ts::Error("no parity fixtures found", {a.fixtures});
        bool ok = true;
        std::string json = "[";
        for (const auto& name : a.dtypes) {
            const auto dtype = model::parseDType(name);
            if (!dtype) throw ts::Error("unknown dtype '" + name + "'");
            for (const auto& f : fixtures) {
                for (const auto mode : {model::LoraMode::Unmerged, model::LoraMode::Merged}) {
                    if (mode == model::LoraMode::Merged && !model::isAdapterFixture(f)) continue;
                    auto opt = model::parityOptionsFor(*dtype);
                    opt.engine.device = a.device;
                    opt.loraMode = mode;
                    const auto r = model::runParity(f, opt);
                    std::printf("%s", r.toText().c_str());
                    std::printf("=> %s %s max |logits diff| %.3g: %s\n", r.fixture.c_str(),
                                r.adapter.c_str(), r.maxLogitsAbsDiff(),
                                r.passed() ? "PASS" : "FAIL");
                    ok = ok && r.passed();
                    json += (json.size() > 1 ? "," : "") + r.toJson();
                }
                if (!model::isAdapterFixture(f)) {
                    model::EngineOptions engine;
                    engine.device = a.device;
                    engine.dtype = *dtype;
                    std::string line;
                    ok = graphMatchesEager(f, engine, line) && ok;
                    std::printf("%s\n", line.c_str());
                }
            }
        }
        json += "]";
        if (!a.json.empty()) std::ofstream(a.json) << json << "\n";
        std::printf("gpu_parity: %s\n", ok ? "PASS" : "FAIL");
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gpu_parity: error: %s\n", e.what());
        return 1;
    }
}
