#include "core/model/parity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/model/safetensors.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace ts::model {

namespace fs = std::filesystem;

namespace {

// Max |a - ref| over rows (b, t) where keep(b, t); NaN anywhere counts as infinite.
template <typename Keep>
double maxAbsDiff(const Logits& a, const std::vector<double>& ref, Keep keep) {
    if (ref.size() != a.values.size())
        throw Error("reference has " + std::to_string(ref.size()) + " logits, the model produced " +
                    std::to_string(a.values.size()));
    double worst = 0.0;
    for (std::int64_t b = 0; b < a.batch; ++b) {
        for (std::int64_t t = 0; t < a.seq; ++t) {
            if (!keep(b, t)) continue;
            const float* row = a.row(b, t);
            const std::size_t base = static_cast<std::size_t>((b * a.seq + t) * a.vocab);
            for (std::int64_t v = 0; v < a.vocab; ++v) {
                const double d = std::fabs(static_cast<double>(row[v]) -
                                           ref[base + static_cast<std::size_t>(v)]);
                worst = std::isnan(d) ? INFINITY : std::max(worst, d);
            }
        }
    }
    return worst;
}

std::vector<std::vector<std::int64_t>> rows(const std::vector<std::int64_t>& flat, std::int64_t n) {
    std::vector<std::vector<std::int64_t>> out;
    const std::size_t width = flat.size() / static_cast<std::size_t>(n);
    for (std::int64_t i = 0; i < n; ++i)
        out.emplace_back(flat.begin() + static_cast<std::ptrdiff_t>(i * width),
                         flat.begin() + static_cast<std::ptrdiff_t>((i + 1) * width));
    return out;
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}  // namespace

ParityOptions parityOptionsFor(DType dtype) {
    ParityOptions o;
    o.engine.dtype = dtype;
    if (dtype != DType::Float32) {
        o.logitsAbsTol = kReducedPrecisionLogitsTol;
        o.lossRelTol = kReducedPrecisionLossRelTol;
        o.requireGreedyIdentical = false;
    }
    return o;
}

bool ParityReport::passed() const {
    return std::all_of(measures.begin(), measures.end(),
                       [](const ParityMeasure& m) { return m.passed || !m.enforced; });
}

double ParityReport::maxLogitsAbsDiff() const {
    double worst = 0.0;
    for (const auto& m : measures)
        if (m.name.rfind("logits", 0) == 0 || m.name.rfind("batch_logits", 0) == 0)
            worst = std::max(worst, m.value);
    return worst;
}

std::string ParityReport::toText() const {
    std::string out;
    const std::string head =
        fixture + " [" + device + ", " + dtype + (adapter.empty() ? "" : ", lora " + adapter) + "]";
    for (const auto& m : measures) {
        out += head + " " + m.name + " = " + fmt(m.value) + " (limit " + fmt(m.limit) + ") " +
               (m.passed ? "ok" : (m.enforced ? "FAIL" : "differs (reported only)"));
        if (!m.detail.empty()) out += " - " + m.detail;
        out += "\n";
    }
    return out;
}

std::string ParityReport::toJson() const {
    nlohmann::json j;
    j["fixture"] = fixture;
    j["device"] = device;
    j["dtype"] = dtype;
    j["adapter"] = adapter;
    j["passed"] = passed();
    j["max_logits_abs_diff"] = maxLogitsAbsDiff();
    for (const auto& m : measures)
        j["measures"].push_back(
            {{"name", m.name},
             {"value", std::isfinite(m.value) ? nlohmann::json(m.value) : nlohmann::json("inf")},
             {"limit", m.limit},
             {"passed", m.passed},
             {"enforced", m.enforced},
             {"detail", m.detail}});
    return j.dump();
}

std::vector<fs::path> findParityFixtures(const fs::path& root) {
    std::vector<fs::path> out;
    if (!fs::is_directory(root)) return out;
    for (const auto& e : fs::directory_iterator(root))
        if (e.is_directory() && fs::exists(e.path() / "reference.safetensors"))
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

bool isAdapterFixture(const fs::path& dir) {
    return fs::exists(dir / "adapter_config.json");
}

ParityReport runParity(const fs::path& dir, const ParityOptions& opt) {
    ParityReport rep;
    rep.fixture = dir.filename().string();
    rep.dtype = dtypeName(opt.engine.dtype);
    const auto refFile = SafetensorsFile::open(dir / "reference.safetensors");
    const auto refJsonPath = dir / "reference.json";
    const auto meta = nlohmann::json::parse(readFile(refJsonPath), nullptr, false);
    if (!meta.is_object()) throw Error("not a JSON object", {refJsonPath.string()});

    const bool adapter = isAdapterFixture(dir);
    fs::path modelDir = dir;
    if (adapter) {
        modelDir = opt.baseModelDir;
        if (modelDir.empty()) {
            std::string base = rep.fixture;
            if (base.size() > 5 && base.compare(base.size() - 5, 5, "_lora") == 0)
                base.resize(base.size() - 5);
            modelDir = dir.parent_path() / base;
        }
        rep.adapter = opt.loraMode == LoraMode::Merged ? "merged" : "unmerged";
    }
    CausalLM model = CausalLM::load(modelDir, opt.engine);
    if (adapter) model.loadAdapter(dir, opt.loraMode);
    rep.device = model.deviceName();

    const auto add = [&](std::string name, double value, double limit, bool passed,
                         bool enforced = true, std::string detail = {}) {
        rep.measures.push_back(
            {std::move(name), value, limit, passed, enforced, std::move(detail)});
    };
    const auto all = [](std::int64_t, std::int64_t) { return true; };

    for (int i = 0; i < 2; ++i) {
        const auto ids = refFile.toInts("input_ids_" + std::to_string(i));
        const double d =
            maxAbsDiff(model.logits(ids), refFile.toDoubles("logits_" + std::to_string(i)), all);
        add("logits_" + std::to_string(i) + " max_abs_diff", d, opt.logitsAbsTol,
            d <= opt.logitsAbsTol);
    }

    const auto& batchEntry = refFile.entry("batch_input_ids");
    const std::int64_t B = batchEntry.shape.at(0);
    const auto batchIds = rows(refFile.toInts("batch_input_ids"), B);
    const auto batchMask = rows(refFile.toInts("batch_attention_mask"), B);
    const Logits batch = model.logits(batchIds, batchMask);
    const double bd =
        maxAbsDiff(batch, refFile.toDoubles("batch_logits"), [&](std::int64_t b, std::int64_t t) {
            return batchMask[static_cast<std::size_t>(b)][static_cast<std::size_t>(t)] != 0;
        });
    add("batch_logits max_abs_diff (unmasked)", bd, opt.logitsAbsTol, bd <= opt.logitsAbsTol);

    const auto& ml = meta.at("masked_loss");
    const auto seq = refFile.toInts("input_ids_" + std::to_string(ml.at("sequence").get<int>()));
    std::vector<std::int64_t> labels = seq;
    const int ignored = ml.at("ignored_prefix").get<int>();
    for (int i = 0; i < ignored && i < static_cast<int>(labels.size()); ++i)
        labels[static_cast<std::size_t>(i)] = -100;
    const double refLoss = ml.at("loss").get<double>();
    const double loss = model.loss(seq, labels);
    const double rel = std::fabs(loss - refLoss) / std::max(std::fabs(refLoss), 1e-12);
    add("masked_loss rel_diff", rel, opt.lossRelTol, rel <= opt.lossRelTol, true,
        "ours " + fmt(loss) + ", reference " + fmt(refLoss));

    const auto prompt = meta.at("prompt").get<std::vector<std::int64_t>>();
    const auto greedyRef = refFile.toInts("greedy_ids");
    const int newTokens = static_cast<int>(greedyRef.size() - prompt.size());
    for (const bool staticPath : {false, true}) {
        GenerationOptions g;
        g.maxNewTokens = newTokens;
        g.minNewTokens = newTokens;  // the reference used min_new_tokens = max_new_tokens
        g.padTokenId = 0;
        g.useCudaGraph = staticPath;
        g.forceStaticCache = staticPath;
        const auto out = model.generate({prompt}, g);
        std::vector<std::int64_t> ids = prompt;
        ids.insert(ids.end(), out.sequences[0].tokens.begin(), out.sequences[0].tokens.end());
        std::int64_t mismatches = std::abs(static_cast<std::int64_t>(ids.size()) -
                                           static_cast<std::int64_t>(greedyRef.size()));
        for (std::size_t i = 0; i < std::min(ids.size(), greedyRef.size()); ++i)
            mismatches += ids[i] != greedyRef[i];
        const std::string path =
            staticPath ? (out.usedCudaGraph ? "cuda graph" : "static cache") : "eager";
        add("greedy_ids mismatches (" + path + ")", static_cast<double>(mismatches), 0.0,
            mismatches == 0, opt.requireGreedyIdentical, std::to_string(newTokens) + " new tokens");
    }
    return rep;
}

}  // namespace ts::model
