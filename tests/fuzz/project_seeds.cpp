// fuzz_project_seeds OUTDIR: writes a few real inputs for every fuzz target,
// made by the project's own generators and writers (never copied from
// ../shared/data), into OUTDIR/<target>/. The ctest replays
// (fuzz_regressions_<target>) run them, so every replay exercises its parser
// on well-formed input even where no crash input was ever kept.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/dataset_loader.h"
#include "core/data/generators/sample_data.h"
#include "core/data/jsonl_dataset.h"
#include "core/decompose/rule.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/model/adapter_config.h"
#include "core/model/safetensors.h"
#include "core/train/experiment_spec.h"
#include "core/train/scratch_model.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace fs = std::filesystem;

namespace {

class SeedWriter {
public:
    explicit SeedWriter(fs::path root) : root_(std::move(root)) {}
    void put(const std::string& target, const std::string& name, const std::string& bytes) {
        fs::create_directories(root_ / target);
        ts::writeFileAtomic(root_ / target / name, bytes);
        ++count_;
    }
    int count() const { return count_; }

private:
    fs::path root_;
    int count_ = 0;
};

// The first `n` items of a dataset, as a dataset of their own.
ts::Dataset firstItems(const ts::Dataset& d, std::size_t n) {
    ts::Dataset out = d;
    if (out.items.size() > n) out.items.resize(n);
    return out;
}

// The first `lines` lines of a text.
std::string headLines(const std::string& text, int lines) {
    std::size_t pos = 0;
    for (int i = 0; i < lines && pos != std::string::npos; ++i) {
        pos = text.find('\n', pos);
        if (pos != std::string::npos) ++pos;
    }
    return pos == std::string::npos ? text : text.substr(0, pos);
}

void datasetSeeds(SeedWriter& w, const fs::path& sample, const ts::Dataset& babi,
                  const ts::Dataset& cotemp) {
    w.put("load_babi", "qa1_single-supporting-fact_train.txt",
          headLines(ts::readFile(sample / "babi" / "qa1_single-supporting-fact_train.txt"), 24));
    w.put("load_babi", "qa7_counting_test.txt",
          headLines(ts::readFile(sample / "babi" / "qa7_counting_test.txt"), 24));
    for (const char* cls : {"equal", "mix"}) {
        const auto file = sample / "cotempqa" / "test" / (std::string(cls) + ".json");
        w.put("load_cotempqa", std::string(cls) + ".json", headLines(ts::readFile(file), 3));
    }
    w.put("load_jsonl", "babi.jsonl", ts::formatJsonlDataset(firstItems(babi, 3)));
    w.put("load_jsonl", "cotempqa.jsonl", ts::formatJsonlDataset(firstItems(cotemp, 3)));
}

// MS MARCO v1.1 records (the Hugging Face layout and the original passage
// list) and the column-oriented v2.1 layout, written from the CoTempQA-style
// sample items: facts become passages, the gold facts are the selected ones.
void marcoSeeds(SeedWriter& w, const ts::Dataset& cotemp) {
    nlohmann::json hf = nlohmann::json::array(), listed = nlohmann::json::array();
    nlohmann::json columns = nlohmann::json::object();
    int row = 0;
    for (const auto& item : firstItems(cotemp, 3).items) {
        nlohmann::json selected = nlohmann::json::array(), texts = nlohmann::json::array(),
                       urls = nlohmann::json::array(), passages = nlohmann::json::array();
        for (std::size_t i = 0; i < item.context.size(); ++i) {
            const bool gold = std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(),
                                        int(i)) != item.goldRetrieval.end();
            const std::string url = "https://example.org/" + std::to_string(i);
            selected.push_back(gold ? 1 : 0);
            texts.push_back(item.context[i].text);
            urls.push_back(url);
            passages.push_back({{"is_selected", gold ? 1 : 0},
                                {"url", url},
                                {"passage_text", item.context[i].text}});
        }
        const nlohmann::json answers =
            row == 2 ? nlohmann::json{"No Answer Present."} : nlohmann::json(item.goldAnswers);
        const nlohmann::json common = {{"query", item.question},
                                       {"query_id", 1000 + row},
                                       {"query_type", row == 1 ? "entity" : "DESCRIPTION"},
                                       {"answers", answers},
                                       {"wellFormedAnswers", nlohmann::json::array()}};
        nlohmann::json a = common, b = common;
        a["passages"] = {{"is_selected", selected}, {"passage_text", texts}, {"url", urls}};
        b["passages"] = passages;
        hf.push_back(a);
        listed.push_back(b);
        for (const auto& [key, value] : b.items()) columns[key][std::to_string(row)] = value;
        ++row;
    }
    w.put("load_msmarco", "hf_records.json", hf.dump(1));
    std::string lines;
    for (const auto& r : hf) lines += r.dump() + "\n";
    w.put("load_msmarco", "hf_records.jsonl", lines);
    w.put("load_msmarco", "v11_records.json", listed.dump());
    w.put("load_msmarco", "v21_columns.json", columns.dump());
}

void sftSeeds(SeedWriter& w, const ts::Dataset& babi, const ts::Dataset& cotemp) {
    ts::SftOptions options;
    options.seed = 1;
    options.includeSystemMessage = false;
    for (const auto* d : {&babi, &cotemp}) {
        const ts::Dataset few = firstItems(*d, 3);
        const std::string name = std::string(ts::datasetKindName(d->kind));
        for (auto condition : {ts::SftCondition::Correct, ts::SftCondition::Incorrect}) {
            const auto examples = ts::buildSftSet(few, condition, options);
            const std::string csv = ts::sftPaperCsv(few, examples);
            const std::string tag = name + "_" + std::string(ts::sftConditionName(condition));
            w.put("load_sft_csv", tag + "_test.csv", csv);
            w.put("csv", tag + ".csv", csv);
            for (std::size_t i = 0; i < examples.size() && i < 2; ++i)
                w.put("python_literal", tag + "_messages" + std::to_string(i),
                      ts::pythonReprMessages(examples[i].messages));
        }
    }
    for (std::size_t i = 0; i < 3 && i < cotemp.items.size(); ++i) {
        std::vector<std::string> facts;
        for (const auto& u : cotemp.items[i].context) facts.push_back(u.text);
        w.put("python_literal", "facts" + std::to_string(i), ts::pythonReprList(facts));
        w.put("python_literal", "answers" + std::to_string(i),
              ts::pythonReprList(cotemp.items[i].goldAnswers));
    }
}

// Predictions as the paper's models wrote them ("assistant" first, then the
// target), under the correct and incorrect traces and with no trace at all.
void traceSeeds(SeedWriter& w, const ts::Dataset& babi, const ts::Dataset& cotemp) {
    ts::SftOptions options;
    options.seed = 2;
    int n = 0;
    for (const auto* d : {&cotemp, &babi}) {
        const std::uint8_t kindByte = d->kind == ts::DatasetKind::CoTempQA ? 0 : 1;
        const auto& rule = ts::ruleFor(d->kind);
        for (std::size_t i = 0; i < 2 && i < d->items.size(); ++i) {
            for (auto condition : {ts::SftCondition::Correct, ts::SftCondition::Incorrect,
                                   ts::SftCondition::Vanilla}) {
                const std::string target =
                    ts::sftAssistantTarget(d->items[i], rule, condition, options);
                w.put("trace_parser", "pred" + std::to_string(n++),
                      std::string(1, char(kindByte)) + "assistant\n\n" + target);
            }
        }
    }
}

// Questions and facts of the sample data for the encoder (first byte: options).
void textSeeds(SeedWriter& w, const ts::Dataset& babi, const ts::Dataset& cotemp) {
    int n = 0;
    for (const auto* d : {&babi, &cotemp}) {
        for (std::size_t i = 0; i < 3 && i < d->items.size(); ++i) {
            const auto& item = d->items[i];
            w.put("tokenizer_encode", "text" + std::to_string(n),
                  std::string(1, char(n % 8)) + item.question);
            ++n;
            w.put("tokenizer_encode", "text" + std::to_string(n),
                  std::string(1, char(n % 8)) + item.context[0].text);
            ++n;
        }
    }
}

// A scratch model folder as the demo makes it: tokenizer.json (BPE learned
// from the sample stories), tokenizer_config.json (with its chat template)
// and config.json.
void modelSeeds(SeedWriter& w, const fs::path& work, const ts::Dataset& babi) {
    std::vector<std::string> texts;
    for (const auto& item : babi.items) {
        std::string t = item.question;
        for (const auto& u : item.context) t += "\n" + u.text;
        texts.push_back(t);
    }
    ts::train::ScratchModelSpec spec;
    spec.vocabSize = 320;
    spec.hiddenSize = 32;
    spec.numLayers = 2;
    spec.numHeads = 4;
    spec.numKvHeads = 2;
    spec.intermediateSize = 64;
    const fs::path dir = work / "scratch-model";
    const auto config = ts::train::prepareScratchModel(dir, spec, texts);
    w.put("tokenizer_json", "scratch_tokenizer.json", ts::readFile(dir / "tokenizer.json"));
    w.put("tokenizer_json", "scratch_tokenizer_config.json",
          ts::readFile(dir / "tokenizer_config.json"));
    w.put("model_config", "scratch_llama.json", ts::readFile(dir / "config.json"));
    ts::model::ModelConfig qwen = config;
    qwen.architecture = ts::model::Architecture::Qwen3;
    w.put("model_config", "qwen3_shape.json",
          ts::model::modelConfigJson(qwen, ts::model::DType::BFloat16));

    const nlohmann::json messages = {
        {{"role", "system"}, {"content", "You are Llama."}},
        {{"role", "user"}, {"content", babi.items[0].question}},
        {{"role", "assistant"}, {"content", "<think>x</think> <answer>y</answer>"}}};
    const std::string tmpl = ts::train::scratchChatTemplate();
    w.put("chat_template", "scratch_template_only", tmpl);
    w.put("chat_template", "scratch_with_messages",
          tmpl + std::string(1, '\0') +
              nlohmann::json{{"messages", messages}, {"add_generation_prompt", true}}.dump());
}

void adapterSeeds(SeedWriter& w) {
    ts::model::AdapterConfig
        paper;  // the paper's LoRA: r 16, alpha 32, dropout 0.05, every projection
    paper.r = 16;
    paper.loraAlpha = 32;
    paper.loraDropout = 0.05;
    paper.targetModules = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                           "gate_proj", "up_proj", "down_proj"};
    paper.baseModelNameOrPath = "meta-llama/Llama-3.2-1B-Instruct";
    w.put("adapter_config", "paper_lora.json", ts::model::adapterConfigJson(paper));
    ts::model::AdapterConfig patterned = paper;
    patterned.useRslora = true;
    patterned.rankPattern = {{"v_proj", 8}};
    patterned.alphaPattern = {{"v_proj", 8.0}};
    w.put("adapter_config", "rslora_patterns.json", ts::model::adapterConfigJson(patterned));
}

void safetensorsSeeds(SeedWriter& w, const fs::path& work) {
    const std::vector<float> f32 = {0.5f, -1.25f, 3.0f, 0.0f, 2.5f, -0.75f};
    const std::vector<std::uint16_t> bf16 = {0x3f80, 0xbf80, 0x4000, 0x0000};  // 1, -1, 2, 0
    const std::vector<std::int64_t> i64 = {1, 17, 42};
    ts::model::SafetensorsWriter writer;
    writer.setMetadata("format", "pt");
    writer.add("model.embed_tokens.weight", ts::model::StDType::F32, {2, 3}, f32.data(),
               f32.size() * 4);
    writer.add("model.norm.weight", ts::model::StDType::BF16, {4}, bf16.data(), bf16.size() * 2);
    writer.add("ids", ts::model::StDType::I64, {3}, i64.data(), i64.size() * 8);
    writer.write(work / "three.safetensors");
    w.put("safetensors", "three_tensors", ts::readFile(work / "three.safetensors"));
    ts::model::SafetensorsWriter empty;
    empty.write(work / "empty.safetensors");
    w.put("safetensors", "no_tensors", ts::readFile(work / "empty.safetensors"));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_project_seeds OUTDIR\n");
        return 2;
    }
    try {
        const fs::path out = argv[1];
        fs::remove_all(out);
        const fs::path work = out / ".work";
        fs::create_directories(work);
        ts::SampleDataOptions small;
        small.babiTrainStories = 4;
        small.babiTestStories = 2;
        small.coTempPerClass = 6;
        small.coTempTestPerClass = 2;
        ts::writeSampleData(work / "sample", small);
        const ts::Dataset babi =
            ts::loadDataset({work / "sample" / "babi" / "qa1_single-supporting-fact_test.txt"});
        const ts::Dataset cotemp =
            ts::loadDataset({work / "sample" / "cotempqa" / "test" / "equal.json"});

        SeedWriter w(out);
        datasetSeeds(w, work / "sample", babi, cotemp);
        marcoSeeds(w, cotemp);
        sftSeeds(w, babi, cotemp);
        traceSeeds(w, babi, cotemp);
        textSeeds(w, babi, cotemp);
        modelSeeds(w, work, babi);
        adapterSeeds(w);
        safetensorsSeeds(w, work);
        fs::remove_all(work);
        std::printf("fuzz_project_seeds: %d inputs in %s\n", w.count(), out.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_project_seeds: %s\n", e.what());
        return 1;
    }
}
