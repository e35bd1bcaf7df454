#include "core/train/scratch_model.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/model/tokenizer/bpe_trainer.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "core/train/checkpoint_store.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace fs = std::filesystem;

namespace ts::train {

const std::vector<std::string>& scratchSpecialTokens() {
    static const std::vector<std::string> tokens = {"<|begin_of_text|>", "<|end_of_text|>",
                                                    "<|start_header_id|>", "<|end_header_id|>",
                                                    "<|eot_id|>", "<|pad|>"};
    return tokens;
}

const std::string& scratchChatTemplate() {
    static const std::string t =
        "{{ bos_token }}{% for message in messages %}"
        "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] + '<|eot_id|>' }}"
        "{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
    return t;
}

model::ModelConfig scratchModelConfig(const ScratchModelSpec& s, std::int64_t vocabSize) {
    model::ModelConfig c;
    c.architecture = model::Architecture::Llama;
    c.vocabSize = vocabSize;
    c.hiddenSize = s.hiddenSize;
    c.intermediateSize = s.intermediateSize;
    c.numLayers = s.numLayers;
    c.numHeads = s.numHeads;
    c.numKvHeads = s.numKvHeads;
    c.headDim = s.hiddenSize / s.numHeads;
    c.maxPositionEmbeddings = s.maxPositions;
    c.rmsNormEps = 1e-5;
    c.rope.theta = s.ropeTheta;
    c.tieWordEmbeddings = true;
    c.bosTokenId = 0;
    c.eosTokenIds = {4, 1};  // <|eot_id|> ends a turn, <|end_of_text|> a document
    c.padTokenId = 5;
    return c;
}

model::ModelConfig prepareScratchModel(const fs::path& dir, const ScratchModelSpec& spec,
                                       const std::vector<std::string>& texts, const ProgressSink& progress) {
    if (fs::is_regular_file(dir / "config.json") && fs::is_regular_file(dir / "tokenizer.json")) {
        auto c = model::loadModelConfig(dir);
        c.padTokenId = 5;
        return c;
    }
    BpeTrainerOptions options;
    options.vocabSize = static_cast<std::size_t>(spec.vocabSize);
    options.specialTokens = scratchSpecialTokens();
    BpeTrainer trainer(options);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (i % 256 == 0) progress.checkCancelled();
        trainer.addText(texts[i]);
    }
    const TokenizerSpec tokenizer = trainer.train(progress.stage(0.0, 0.95));
    const auto vocab = static_cast<std::int64_t>(tokenizer.model.vocab.size());
    const model::ModelConfig config = scratchModelConfig(spec, vocab);

    fs::create_directories(dir.parent_path());
    // Cells of one sweep may prepare the same folder at once (SLURM array
    // tasks): each stages its own copy, and the first to finish wins (the
    // copies are identical: the tokenizer is a function of the texts).
    const auto staged =
        dir.parent_path() / (".tmp-" + dir.filename().string() + "-" + std::to_string(::getpid()));
    fs::remove_all(staged);
    TokenizerConfig tc;
    tc.chatTemplate = scratchChatTemplate();
    tc.bosToken = "<|begin_of_text|>";
    tc.eosToken = "<|eot_id|>";
    tc.padToken = "<|pad|>";
    tc.tokenizerClass = "PreTrainedTokenizerFast";
    tc.modelMaxLength = spec.maxPositions;
    writeTokenizerFiles(staged, tokenizer, tc);
    writeFileAtomic(staged / "generation_config.json",
                    nlohmann::json{{"bos_token_id", 0}, {"eos_token_id", {4, 1}}, {"pad_token_id", 5},
                                   {"do_sample", false}}
                            .dump(2) +
                        "\n");
    writeFileAtomic(staged / "config.json", model::modelConfigJson(config, model::DType::Float32));
    syncTree(staged);
    std::error_code ec;
    fs::rename(staged, dir, ec);  // fails when another process's copy is there
    if (ec) {
        if (fs::is_regular_file(dir / "config.json") && fs::is_regular_file(dir / "tokenizer.json"))
            fs::remove_all(staged);
        else
            replaceFolder(staged, dir);
    }
    progress.report(1.0, "trained a " + std::to_string(vocab) + "-token tokenizer");
    return config;
}

}  // namespace ts::train
