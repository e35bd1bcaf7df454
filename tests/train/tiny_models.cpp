#include "tests/train/tiny_models.h"

#include "core/decompose/seeded_rng.h"
#include "core/model/causal_lm.h"
#include "core/train/scratch_model.h"
#include "core/util/file_io.h"

namespace ts::test {

model::ModelConfig tinyLlamaConfig() {
    model::ModelConfig c;
    c.architecture = model::Architecture::Llama;
    c.vocabSize = 64;
    c.hiddenSize = 32;
    c.intermediateSize = 64;
    c.numLayers = 2;
    c.numHeads = 4;
    c.numKvHeads = 2;
    c.headDim = 8;
    c.maxPositionEmbeddings = 256;
    c.rmsNormEps = 1e-5;
    c.rope.theta = 10000.0;
    c.tieWordEmbeddings = true;
    c.bosTokenId = 1;
    c.eosTokenIds = {2};
    return c;
}

void writeTinyHfModel(const std::filesystem::path& dir) {
    train::ScratchModelSpec spec;
    spec.vocabSize = 300;
    spec.hiddenSize = 64;
    spec.numLayers = 2;
    spec.numHeads = 4;
    spec.numKvHeads = 2;
    spec.intermediateSize = 128;
    const auto texts = std::vector<std::string>{
        ts::readFile(std::filesystem::path(TRACESCOPE_SOURCE_DIR) / "sample_data" / "babi" /
                     "qa1_single-supporting-fact_train.txt")};
    const auto config = train::prepareScratchModel(dir, spec, texts);
    model::CausalLM::randomInit(config, {}, 7).saveCheckpoint(dir, model::DType::Float32);
}

train::TokenizedSet syntheticRows(int count, std::uint64_t seed) {
    SeededRng rng(seed);
    train::TokenizedSet set;
    for (int i = 0; i < count; ++i) {
        train::TokenizedRow row;
        const int promptLen = static_cast<int>(rng.between(3, 10));
        row.ids.push_back(1);
        for (int k = 1; k < promptLen; ++k) row.ids.push_back(static_cast<std::int64_t>(rng.between(3, 40)));
        row.labels.assign(row.ids.size(), train::kIgnoreIndex);
        // Target: the prompt's tokens shifted by 20, reversed, then EOS.
        for (int k = promptLen - 1; k >= 1 && row.ids.size() < 16; --k) {
            const auto t = row.ids[static_cast<std::size_t>(k)] % 20 + 41;
            row.ids.push_back(t);
            row.labels.push_back(t);
        }
        row.ids.push_back(2);
        row.labels.push_back(2);
        set.tokens += static_cast<std::int64_t>(row.ids.size());
        set.targetTokens += row.targetTokens();
        set.rows.push_back(std::move(row));
    }
    return set;
}

}  // namespace ts::test
