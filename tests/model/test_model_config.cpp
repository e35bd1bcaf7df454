// config.json and adapter_config.json parsing: both rotary spellings
// (transformers 4 rope_theta/rope_scaling and 5 rope_parameters), Qwen3's
// independent head_dim, eos lists, dtype keys, the expected weight list, and
// refusals that name the offending key.
#include <QtTest>

#include "core/model/adapter_config.h"
#include "core/model/model_config.h"
#include "core/util/error.h"

using namespace ts::model;

namespace {

// A Llama 3.2-1B style config in the transformers 4.x spelling.
const char* kLlama4 = R"({
  "architectures": ["LlamaForCausalLM"], "model_type": "llama",
  "vocab_size": 128256, "hidden_size": 2048, "intermediate_size": 8192,
  "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64,
  "max_position_embeddings": 131072, "rms_norm_eps": 1e-05, "hidden_act": "silu",
  "rope_theta": 500000.0,
  "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                   "original_max_position_embeddings": 8192, "rope_type": "llama3"},
  "tie_word_embeddings": true, "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009],
  "torch_dtype": "bfloat16"
})";

// The same model as transformers 5 writes it.
const char* kLlama5 = R"({
  "architectures": ["LlamaForCausalLM"], "model_type": "llama",
  "vocab_size": 128256, "hidden_size": 2048, "intermediate_size": 8192,
  "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64,
  "max_position_embeddings": 131072, "rms_norm_eps": 1e-05, "hidden_act": "silu",
  "rope_parameters": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                      "original_max_position_embeddings": 8192, "rope_theta": 500000.0, "rope_type": "llama3"},
  "tie_word_embeddings": true, "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009],
  "dtype": "bfloat16"
})";

// Qwen3-1.7B (the benchmark shape).
const char* kQwen3 = R"({
  "architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3",
  "vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 6144,
  "num_hidden_layers": 28, "num_attention_heads": 16, "num_key_value_heads": 8, "head_dim": 128,
  "max_position_embeddings": 40960, "rms_norm_eps": 1e-06, "rope_theta": 1000000,
  "rope_scaling": null, "tie_word_embeddings": true, "use_sliding_window": false,
  "eos_token_id": 151645, "torch_dtype": "bfloat16"
})";

std::string withField(const std::string& json, const std::string& field) {
    return "{" + field + "," + json.substr(json.find('{') + 1);
}

std::string errorOf(const std::string& text) {
    try {
        parseModelConfig(text, "cfg.json");
    } catch (const ts::Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestModelConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llamaBothSpellingsAgree();
    void qwen3HeadDimIndependent();
    void parameterCountsMatchPublishedModels();
    void defaultsAndSingleEos();
    void refusalsNameTheKey_data();
    void refusalsNameTheKey();
    void savedConfigRoundTrips();
    void adapterConfigParses();
    void adapterConfigRefusals();
    void adapterConfigRoundTrip();
};

void TestModelConfig::llamaBothSpellingsAgree() {
    const auto a = parseModelConfig(kLlama4, "a.json");
    const auto b = parseModelConfig(kLlama5, "b.json");
    for (const auto* c : {&a, &b}) {
        QCOMPARE(c->architecture, Architecture::Llama);
        QCOMPARE(c->numKvHeads, std::int64_t(8));
        QCOMPARE(c->headDim, std::int64_t(64));
        QCOMPARE(c->rope.type, std::string("llama3"));
        QCOMPARE(c->rope.theta, 500000.0);
        QCOMPARE(c->rope.factor, 32.0);
        QCOMPARE(c->rope.lowFreqFactor, 1.0);
        QCOMPARE(c->rope.highFreqFactor, 4.0);
        QCOMPARE(c->rope.originalMaxPositions, std::int64_t(8192));
        QVERIFY(c->tieWordEmbeddings);
        QCOMPARE(c->eosTokenIds, (std::vector<std::int64_t>{128001, 128008, 128009}));
        QCOMPARE(*c->bosTokenId, std::int64_t(128000));
        QVERIFY(c->torchDtype == DType::BFloat16);
        QVERIFY(!c->hasQkNorm());
    }
}

void TestModelConfig::qwen3HeadDimIndependent() {
    // Qwen3-0.6B: head_dim 128 with hidden 1024 and 16 heads (16 x 128 != 1024).
    std::string small = kQwen3;
    small.replace(small.find("\"hidden_size\": 2048"), 19, "\"hidden_size\": 1024");
    small.replace(small.find("\"intermediate_size\": 6144"), 25, "\"intermediate_size\": 3072");
    const auto c = parseModelConfig(small, "q.json");
    QCOMPARE(c.hiddenSize, std::int64_t(1024));
    QCOMPARE(c.parameterCount(),
             std::int64_t(596049920));  // what transformers reports for Qwen3-0.6B
    QCOMPARE(c.architecture, Architecture::Qwen3);
    QCOMPARE(c.headDim, std::int64_t(128));
    QVERIFY(c.numHeads * c.headDim != c.hiddenSize);
    QCOMPARE(c.rope.type, std::string("default"));
    QCOMPARE(c.rope.theta, 1e6);
    QCOMPARE(c.rmsNormEps, 1e-6);
    QCOMPARE(c.eosTokenIds, std::vector<std::int64_t>{151645});
    QVERIFY(c.hasQkNorm());
    const auto w = expectedWeights(c);
    const auto qn = std::find_if(w.begin(), w.end(), [](const WeightSpec& s) {
        return s.name == "model.layers.0.self_attn.q_norm.weight";
    });
    QVERIFY(qn != w.end());
    QCOMPARE(qn->shape, std::vector<std::int64_t>{128});
    const auto qp = std::find_if(w.begin(), w.end(), [](const WeightSpec& s) {
        return s.name == "model.layers.27.self_attn.q_proj.weight";
    });
    QCOMPARE(qp->shape, (std::vector<std::int64_t>{2048, 1024}));
    const auto op = std::find_if(w.begin(), w.end(), [](const WeightSpec& s) {
        return s.name == "model.layers.0.self_attn.o_proj.weight";
    });
    QCOMPARE(op->shape, (std::vector<std::int64_t>{1024, 2048}));
    const auto kp = std::find_if(w.begin(), w.end(), [](const WeightSpec& s) {
        return s.name == "model.layers.0.self_attn.k_proj.weight";
    });
    QCOMPARE(kp->shape, (std::vector<std::int64_t>{1024, 1024}));
    QVERIFY(std::none_of(w.begin(), w.end(),
                         [](const WeightSpec& s) { return s.name == "lm_head.weight"; }));
}

void TestModelConfig::parameterCountsMatchPublishedModels() {
    // The counts transformers reports for these shapes (hf_baseline_h100.json "params").
    QCOMPARE(parseModelConfig(kLlama4, "a").parameterCount(), std::int64_t(1235814400));
    QCOMPARE(parseModelConfig(kQwen3, "q").parameterCount(), std::int64_t(1720574976));
}

void TestModelConfig::defaultsAndSingleEos() {
    const auto c = parseModelConfig(
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"eos_token_id":2,"pad_token_id":null,"head_dim":null})",
        "d.json");
    QCOMPARE(c.numKvHeads, std::int64_t(2));
    QCOMPARE(c.headDim, std::int64_t(4));
    QCOMPARE(c.rope.theta, 10000.0);
    QVERIFY(!c.tieWordEmbeddings);  // LlamaConfig's default
    QVERIFY(!c.padTokenId);
    QVERIFY(!c.torchDtype);
    QCOMPARE(c.eosTokenIds, std::vector<std::int64_t>{2});
    const auto w = expectedWeights(c);
    QCOMPARE(w.back().name, std::string("lm_head.weight"));
}

void TestModelConfig::refusalsNameTheKey_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    const std::string base = kLlama4;
    const auto row = [&](const char* tag, const std::string& json, const char* key) {
        QTest::newRow(tag) << QString::fromStdString(json) << QString(key);
    };
    row("unknown architecture",
        withField(base.substr(0, base.find("\"architectures\"")) +
                      base.substr(base.find("\"model_type\"")),
                  R"("architectures":["MistralForCausalLM"])"),
        "architectures");
    row("no architecture", R"({"model_type":"gpt2","vocab_size":1})", "model_type");
    row("missing vocab", R"({"model_type":"llama","hidden_size":8})", "vocab_size");
    row("zero layers",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,"num_hidden_layers":0})",
        "num_hidden_layers");
    row("gqa mismatch",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":4,"num_key_value_heads":3})",
        "num_key_value_heads");
    row("odd head_dim",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":6,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"head_dim":3})",
        "head_dim");
    row("yarn rope",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"rope_scaling":{"rope_type":"yarn","factor":4}})",
        "rope_scaling.rope_type");
    row("llama3 incomplete",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"rope_parameters":{"rope_type":"llama3","factor":8,"rope_theta":1e4}})",
        "rope_parameters.low_freq_factor");
    row("gelu", R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"hidden_act":"gelu"})",
        "hidden_act");
    row("sliding window",
        R"({"model_type":"qwen3","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"use_sliding_window":true})",
        "use_sliding_window");
    row("bad dtype",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"torch_dtype":"int4"})",
        "torch_dtype");
    row("bad eos", R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"eos_token_id":["x"]})",
        "eos_token_id");
    // Sizes past the supported maxima, refused before anything is sized from them.
    row("2^40 layers",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1099511627776,"num_attention_heads":2})",
        "num_hidden_layers");
    row("int64 max vocab",
        R"({"model_type":"llama","vocab_size":9223372036854775807,"hidden_size":8,
        "intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2})",
        "vocab_size");
    row("huge positions",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"max_position_embeddings":4294967296})",
        "max_position_embeddings");
    row("llama3 original positions 1e300",
        R"({"model_type":"llama","vocab_size":10,"hidden_size":8,"intermediate_size":16,
        "num_hidden_layers":1,"num_attention_heads":2,"rope_scaling":{"rope_type":"llama3",
        "factor":8,"low_freq_factor":1,"high_freq_factor":4,"original_max_position_embeddings":1e300}})",
        "rope_scaling.original_max_position_embeddings");
    row("deep nesting", "{\"a\":" + std::string(300, '[') + std::string(300, ']') + "}", "");
}

void TestModelConfig::refusalsNameTheKey() {
    QFETCH(QString, json);
    QFETCH(QString, key);
    const std::string msg = errorOf(json.toStdString());
    QVERIFY2(!msg.empty(), "accepted");
    QVERIFY2(msg.find("cfg.json") != std::string::npos, msg.c_str());
    if (!key.isEmpty())
        QVERIFY2(msg.find("key '" + key.toStdString() + "'") != std::string::npos, msg.c_str());
    QVERIFY(!errorOf("not json").empty());
}

void TestModelConfig::savedConfigRoundTrips() {
    const auto c = parseModelConfig(kLlama5, "b.json");
    const auto again = parseModelConfig(modelConfigJson(c, DType::Float32), "saved.json");
    QVERIFY(again.torchDtype == DType::Float32);
    QCOMPARE(again.rope.factor, c.rope.factor);
    QCOMPARE(again.parameterCount(), c.parameterCount());
    ModelConfig fresh = c;
    fresh.sourceJson.clear();
    const auto rebuilt = parseModelConfig(modelConfigJson(fresh, DType::BFloat16), "fresh.json");
    QCOMPARE(rebuilt.rope.type, std::string("llama3"));
    QCOMPARE(rebuilt.rope.originalMaxPositions, std::int64_t(8192));
    QCOMPARE(rebuilt.eosTokenIds, c.eosTokenIds);
    QCOMPARE(rebuilt.parameterCount(), c.parameterCount());
    QVERIFY(rebuilt.torchDtype == DType::BFloat16);
}

void TestModelConfig::adapterConfigParses() {
    const auto c =
        parseAdapterConfig(R"({"peft_type":"LORA","r":4,"lora_alpha":8,"lora_dropout":0.0,
        "target_modules":["gate_proj","o_proj","q_proj"],"use_rslora":false,"use_dora":false,"bias":"none",
        "fan_in_fan_out":false,"modules_to_save":null,"layers_to_transform":null,"rank_pattern":{},"alpha_pattern":{}})",
                           "adapter_config.json");
    QCOMPARE(c.r, std::int64_t(4));
    QCOMPARE(c.scaling("model.layers.0.self_attn.q_proj"), 2.0);
    QVERIFY(c.targets("model.layers.1.self_attn.q_proj"));
    QVERIFY(c.targets("model.layers.1.mlp.gate_proj"));
    QVERIFY(!c.targets("model.layers.1.self_attn.k_proj"));
    QVERIFY(!c.targets("model.layers.1.self_attn.xq_proj"));
    const auto rs = parseAdapterConfig(
        R"({"r":16,"lora_alpha":32,"use_rslora":true,"target_modules":"q_proj|v_proj",
        "rank_pattern":{"layers.1.self_attn.q_proj":4},"alpha_pattern":{"v_proj":64}})",
        "a.json");
    QCOMPARE(rs.scaling("model.layers.0.self_attn.q_proj"), 32.0 / 4.0);  // alpha / sqrt(16)
    QCOMPARE(rs.rankFor("model.layers.1.self_attn.q_proj"), std::int64_t(4));
    QCOMPARE(rs.scaling("model.layers.1.self_attn.q_proj"), 32.0 / 2.0);
    QCOMPARE(rs.scaling("model.layers.3.self_attn.v_proj"), 64.0 / 4.0);
    QVERIFY(!rs.targets("model.layers.0.self_attn.q_proj"));  // regex must match the whole name
    QVERIFY(rs.targets("q_proj"));
}

void TestModelConfig::adapterConfigRefusals() {
    const auto keyOf = [](const std::string& json) -> std::string {
        try {
            parseAdapterConfig(json, "adapter_config.json");
        } catch (const ts::Error& e) {
            return e.where().key;
        }
        return "(accepted)";
    };
    QCOMPARE(keyOf(R"({"r":4,"target_modules":["q_proj"],"use_dora":true})"),
             std::string("use_dora"));
    QCOMPARE(keyOf(R"({"r":0,"target_modules":["q_proj"]})"), std::string("r"));
    QCOMPARE(keyOf(R"({"r":4})"), std::string("target_modules"));
    QCOMPARE(keyOf(R"({"r":4,"target_modules":["q_proj"],"peft_type":"IA3"})"),
             std::string("peft_type"));
    QCOMPARE(keyOf(R"({"r":4,"target_modules":["q_proj"],"bias":"all"})"), std::string("bias"));
    QCOMPARE(keyOf(R"({"r":4,"target_modules":["q_proj"],"modules_to_save":["lm_head"]})"),
             std::string("modules_to_save"));
    QCOMPARE(keyOf(R"({"r":4,"target_modules":["q_proj"],"layers_to_transform":[0]})"),
             std::string("layers_to_transform"));
}

void TestModelConfig::adapterConfigRoundTrip() {
    AdapterConfig c;
    c.r = 16;
    c.loraAlpha = 32;
    c.useRslora = true;
    c.targetModules = {"q_proj", "v_proj"};
    c.alphaPattern["v_proj"] = 8.5;
    const auto back = parseAdapterConfig(adapterConfigJson(c), "x.json");
    QCOMPARE(back.r, c.r);
    QCOMPARE(back.loraAlpha, c.loraAlpha);
    QVERIFY(back.useRslora);
    QCOMPARE(back.targetModules, c.targetModules);
    QCOMPARE(back.alphaFor("model.layers.0.self_attn.v_proj"), 8.5);
    QVERIFY(adapterConfigJson(c).find("\"lora_alpha\": 32,") !=
            std::string::npos);  // integral alpha stays an int
}

QTEST_GUILESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
