#include "tests/hostile/hostile_corpus.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/model/model_config.h"
#include "core/model/safetensors.h"
#include "core/store/run_import.h"
#include "core/store/studies.h"

namespace fs = std::filesystem;

namespace ts::test {

namespace {

fs::path put(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
    return path;
}

fs::path symlinkTo(const fs::path& path, const fs::path& target) {
    fs::create_directories(path.parent_path());
    fs::create_symlink(target, path);
    return path;
}

fs::path sparse(const fs::path& path, std::uint64_t bytes) {
    fs::create_directories(path.parent_path());
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::ftruncate(fd, off_t(bytes)) != 0) throw std::runtime_error("cannot make sparse file");
    ::close(fd);
    return path;
}

fs::path fifo(const fs::path& path) {
    fs::create_directories(path.parent_path());
    if (::mkfifo(path.c_str(), 0644) != 0) throw std::runtime_error("cannot make fifo");
    return path;
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::string utf16le(const std::string& ascii) {
    std::string out = "\xff\xfe";
    for (char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

// --- datasets ------------------------------------------------------------------

const std::string kCoTemp =
    R"({"index": 0, "triple_element": "S1_R1_O2", "question": "While A worked for X, where did B work?", )"
    R"("facts": ["A works for X from 1990 to 1995.", "B works for Y from 1990 to 1995."], "answer": ["Y"]})";
const std::string kCoTempCsvHeader = "index,triple_element,question,facts,answer,label\n";
const std::string kCoTempCsvRow =
    R"(0,S1_R1_O2,"Where did B work?","['A works for X from 1990 to 1995.', 'B works for Y.']","['Y']",equal)";
const std::string kBabi =
    "1 Mary moved to the bathroom.\n2 John went to the hallway.\n3 Where is Mary? \tbathroom\t1\n";
const std::string kSftHeader = "index,triple_element,facts,question,reasoning,answer,messages\n";
const std::string kJsonlHeader =
    R"({"tracescope_dataset":1,"dataset_kind":"babi","name":"babi","source_files":[]})";
const std::string kJsonlItem =
    R"({"id":"qa1/train/1/3","split":"train","question":"Where is Mary?","context":[{"text":"Mary moved to the bathroom.","source_id":1}],"gold_answers":["bathroom"],"gold_label":"single-supporting-fact","gold_retrieval":[0],"meta":{}})";

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    if (at == std::string::npos) throw std::logic_error("corpus template lacks " + from);
    return s.replace(at, from.size(), to);
}

void addDatasets(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "datasets";
    const auto add = [&](const std::string& name, const fs::path& path, DatasetFormat format, DatasetKind kind,
                         const std::string& expect = {}) {
        c.cases.push_back({"dataset/" + name, HostileKind::Dataset, path, {}, format, kind, expect});
    };
    using F = DatasetFormat;
    using K = DatasetKind;
    // CoTempQA class files (JSON Lines)
    add("cotempqa-zero-length", put(d / "zero" / "equal.json", ""), F::CoTempQA, K::CoTempQA);
    add("cotempqa-truncated-line", put(d / "trunc" / "equal.json", kCoTemp + "\n" + kCoTemp.substr(0, 57) + "\n"),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-truncated-array", put(d / "trunc-array" / "equal.json", "[" + kCoTemp + ",\n" + kCoTemp.substr(0, 90)),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-wrong-types", put(d / "types" / "equal.json", replaced(kCoTemp, R"("facts": [)", R"("facts": 7, "x": [)")),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-deep-nesting", put(d / "deep" / "equal.json", repeat("[", 1'000'000) + repeat("]", 1'000'000) + "\n"),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-deep-nesting-in-record",
        put(d / "deep-record" / "equal.json",
            replaced(kCoTemp, R"("answer": ["Y"])", R"("answer": )" + repeat("[", 200'000) + repeat("]", 200'000))),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-huge-float", put(d / "huge-float" / "equal.json", replaced(kCoTemp, R"("index": 0)", R"("index": 1e400)")),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-huge-integer",
        put(d / "huge-int" / "equal.json", replaced(kCoTemp, R"("index": 0)", R"("index": 123456789012345678901234567890)")),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-negative-index", put(d / "neg" / "equal.json", replaced(kCoTemp, R"("index": 0)", R"("index": -9223372036854775808)")),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-invalid-utf8", put(d / "utf8" / "equal.json", replaced(kCoTemp, "B works", "B \xc3\x28 \xff works")),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-utf16", put(d / "utf16" / "equal.json", utf16le(kCoTemp + "\n")), F::CoTempQA, K::CoTempQA);
    add("cotempqa-latin1", put(d / "latin1" / "equal.json", replaced(kCoTemp, "B works", "B\xe9\xe8 works")),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-nul-bytes", put(d / "nul" / "equal.json", kCoTemp + "\n" + std::string(64, '\0') + "\n"),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-binary", put(d / "binary" / "equal.json", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) + "\x03\0>\0"),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-symlink-dev-zero", symlinkTo(d / "devzero" / "equal.json", "/dev/zero"), F::CoTempQA, K::CoTempQA);
    add("cotempqa-symlink-dev-urandom", symlinkTo(d / "devurandom" / "equal.json", "/dev/urandom"), F::CoTempQA,
        K::CoTempQA);
    add("cotempqa-sparse-2gib", sparse(d / "sparse" / "equal.json", kSparseFileBytes), F::CoTempQA, K::CoTempQA);
    add("cotempqa-directory", (fs::create_directories(d / "dir" / "equal.json"), d / "dir" / "equal.json"),
        F::CoTempQA, K::CoTempQA);
    add("cotempqa-fifo", fifo(d / "fifo" / "equal.json"), F::CoTempQA, K::CoTempQA);
    add("cotempqa-auto-undecidable", put(d / "auto" / "notes.json", R"({"hello": "world"})" "\n"), F::Auto,
        K::CoTempQA);
    // CoTempQA split CSV
    add("csv-truncated-quote", put(d / "csv-trunc" / "test_set.csv", kCoTempCsvHeader + kCoTempCsvRow.substr(0, 40)),
        F::CoTempQA, K::CoTempQA);
    add("csv-cell-not-a-literal",
        put(d / "csv-lit" / "test_set.csv", kCoTempCsvHeader + replaced(kCoTempCsvRow, "\"['Y']\"", "\"__import__('os')\"")),
        F::CoTempQA, K::CoTempQA);
    add("csv-deep-literal",
        put(d / "csv-deep" / "test_set.csv",
            kCoTempCsvHeader + replaced(kCoTempCsvRow, "\"['Y']\"", "\"" + repeat("[", 100'000) + repeat("]", 100'000) + "\"")),
        F::CoTempQA, K::CoTempQA);
    add("csv-extra-field", put(d / "csv-extra" / "test_set.csv", kCoTempCsvHeader + kCoTempCsvRow + ",surplus\n"),
        F::CoTempQA, K::CoTempQA);
    add("csv-huge-index",
        put(d / "csv-huge" / "test_set.csv", kCoTempCsvHeader + replaced(kCoTempCsvRow, "0,S1", "99999999999999999999999,S1")),
        F::CoTempQA, K::CoTempQA);
    add("csv-sparse-2gib", sparse(d / "csv-sparse" / "test_set.csv", kSparseFileBytes), F::CoTempQA, K::CoTempQA);
    // bAbI
    const std::string babiName = "qa1_single-supporting-fact_test.txt";
    add("babi-line-without-number", put(d / "babi-nonum" / babiName, "Mary moved to the bathroom.\n"), F::Babi, K::Babi);
    add("babi-future-support", put(d / "babi-future" / babiName, replaced(kBabi, "bathroom\t1", "bathroom\t7")), F::Babi,
        K::Babi);
    add("babi-huge-line-number", put(d / "babi-huge" / babiName, "99999999999999999999999 Mary moved.\n"), F::Babi,
        K::Babi);
    add("babi-binary", put(d / "babi-bin" / babiName, std::string("\x01\x02\x03\xff\xfe\n\x00\x00", 8)), F::Babi,
        K::Babi);
    add("babi-sparse-2gib", sparse(d / "babi-sparse" / babiName, kSparseFileBytes), F::Babi, K::Babi);
    // MS MARCO
    add("marco-parallel-lists-differ",
        put(d / "marco-lists" / "dev_v2.1.json",
            R"([{"query_id": 1, "query": "q", "query_type": "DESCRIPTION", "answers": ["a"], "passages": )"
            R"({"is_selected": [0, 1], "passage_text": ["p"], "url": ["u", "v"]}}])"),
        F::MsMarco, K::MsMarco);
    add("marco-columns-mismatched",
        put(d / "marco-cols" / "dev_v2.1.json",
            R"({"query": {"0": "q"}, "passages": {"1": []}, "answers": {"0": ["a"]}, "query_type": {"0": "x"}, "query_id": {"0": 1}})"),
        F::MsMarco, K::MsMarco);
    add("marco-is-selected-huge",
        put(d / "marco-sel" / "dev_v2.1.json",
            R"([{"query_id": 1, "query": "q", "query_type": "DESCRIPTION", "answers": ["a"], "passages": )"
            R"([{"is_selected": 1e308, "passage_text": "p", "url": "u"}]}])"),
        F::MsMarco, K::MsMarco);
    add("marco-truncated", put(d / "marco-trunc" / "dev_v2.1.json", R"([{"query_id": 1, "query": "q", "pass)"),
        F::MsMarco, K::MsMarco);
    // The paper's SFT CSV
    add("sft-unterminated-literal",
        put(d / "sft-lit" / "equal_test.csv",
            kSftHeader + R"(3096,S1,"['A in X.']","Q","The temporal relation between the event in question and the event in context is: equal.",)"
                         R"("['X']","[{'content': 'unterminated, 'role': 'user'}]")" "\n"),
        F::TraceCheckQaCsv, K::CoTempQA);
    add("sft-empty-header", put(d / "sft-empty" / "equal_test.csv", ",,,\n1,2,3,4\n"), F::TraceCheckQaCsv, K::CoTempQA);
    add("sft-prompt-mismatch",
        put(d / "sft-prompt" / "equal_test.csv",
            kSftHeader + R"(3096,S1,"['A in X.']","not the paper's prompt","The temporal relation between the event in question and the event in context is: equal.",)"
                         R"("['X']","[]")" "\n"),
        F::TraceCheckQaCsv, K::CoTempQA);
    // Native JSON Lines
    add("jsonl-version-2", put(d / "jl-v2" / "set.jsonl", replaced(kJsonlHeader, "\"tracescope_dataset\":1", "\"tracescope_dataset\":2") + "\n"),
        F::Jsonl, K::Babi);
    add("jsonl-retrieval-out-of-range",
        put(d / "jl-range" / "set.jsonl", kJsonlHeader + "\n" + replaced(kJsonlItem, "\"gold_retrieval\":[0]", "\"gold_retrieval\":[5]") + "\n"),
        F::Jsonl, K::Babi);
    add("jsonl-retrieval-huge",
        put(d / "jl-huge" / "set.jsonl", kJsonlHeader + "\n" + replaced(kJsonlItem, "\"gold_retrieval\":[0]", "\"gold_retrieval\":[1e30]") + "\n"),
        F::Jsonl, K::Babi);
    add("jsonl-duplicate-ids", put(d / "jl-dup" / "set.jsonl", kJsonlHeader + "\n" + kJsonlItem + "\n" + kJsonlItem + "\n"),
        F::Jsonl, K::Babi);
    add("jsonl-unknown-key",
        put(d / "jl-key" / "set.jsonl", kJsonlHeader + "\n" + replaced(kJsonlItem, "\"meta\":{}", "\"meta\":{},\"metta\":1") + "\n"),
        F::Jsonl, K::Babi);
    add("jsonl-deep-meta",
        put(d / "jl-deep" / "set.jsonl",
            kJsonlHeader + "\n" + replaced(kJsonlItem, "\"meta\":{}", "\"meta\":{\"x\":" + repeat("[", 1'000'000) + repeat("]", 1'000'000) + "}") + "\n"),
        F::Jsonl, K::Babi);
}

// --- predictions -----------------------------------------------------------------

void addPredictions(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "predictions";
    c.goodDataset = put(d / "gold" / "equal.json", kCoTemp + "\n");
    c.goodPredictions = put(d / "good" / "run.jsonl", R"({"item_id": "equal/0", "prediction": "<answer>Y</answer>"})" "\n");
    const auto add = [&](const std::string& name, const fs::path& path) {
        c.cases.push_back({"predictions/" + name, HostileKind::Predictions, path, c.goodDataset, DatasetFormat::Auto,
                           DatasetKind::CoTempQA, {}});
    };
    add("zero-length", put(d / "zero" / "run.jsonl", ""));
    add("truncated", put(d / "trunc" / "run.jsonl", R"({"item_id": "equal/0", "predic)"));
    add("unknown-item", put(d / "unknown" / "run.jsonl", R"({"item_id": "equal/99", "prediction": "x"})" "\n"));
    add("prediction-not-a-string", put(d / "type" / "run.jsonl", R"({"item_id": "equal/0", "prediction": 5})" "\n"));
    add("deep-nesting", put(d / "deep" / "run.jsonl", repeat("[", 1'000'000) + "\n"));
    add("symlink-dev-urandom", symlinkTo(d / "urandom" / "run.jsonl", "/dev/urandom"));
    add("sparse-2gib", sparse(d / "sparse" / "run.jsonl", kSparseFileBytes));
}

// --- models --------------------------------------------------------------------

std::string tinyConfigJson(const std::string& extra = {}) {
    return R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 64, "hidden_size": 32, )"
           R"("intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, )"
           R"("head_dim": 8, "max_position_embeddings": 256, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, )"
           R"("tie_word_embeddings": true, "hidden_act": "silu", "torch_dtype": "float32")" +
           extra + "}";
}

// Writes config.json and model.safetensors of the tiny model; poison (when
// set) replaces one value of the first projection.
void writeTinyModel(const fs::path& dir, float poison = 0.0f, bool usePoison = false,
                    const std::string& configExtra = {}, bool badShape = false, bool dropOne = false) {
    fs::create_directories(dir);
    put(dir / "config.json", tinyConfigJson(configExtra));
    const model::ModelConfig config = model::parseModelConfig(tinyConfigJson(), "tiny");
    const auto weights = model::expectedWeights(config);
    std::vector<std::vector<float>> storage;
    storage.reserve(weights.size());
    model::SafetensorsWriter writer;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const auto& w = weights[i];
        if (dropOne && i == 3) continue;
        auto shape = w.shape;
        if (badShape && i == 2) shape[0] += 1;
        std::size_t n = 1;
        for (auto s : shape) n *= std::size_t(s);
        storage.emplace_back(n);
        auto& v = storage.back();
        for (std::size_t k = 0; k < n; ++k) v[k] = w.isNorm ? 1.0f : 0.01f * float((k * 7 + i) % 13) - 0.06f;
        if (usePoison && i == 2) v[n / 2] = poison;
        writer.add(w.name, model::StDType::F32, shape, v.data(), v.size() * sizeof(float));
    }
    writer.write(dir / "model.safetensors");
}

std::string safetensorsImage(const std::string& header, const std::string& data, std::uint64_t declared) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = char((declared >> (8 * i)) & 0xff);
    return out + header + data;
}
std::string safetensorsImage(const std::string& header, const std::string& data) {
    return safetensorsImage(header, data, header.size());
}

void addModels(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "models";
    c.goodModel = d / "good";
    writeTinyModel(c.goodModel);
    const auto add = [&](const std::string& name, const fs::path& dir, const std::string& expect = {}) {
        c.cases.push_back({"model/" + name, HostileKind::ModelDir, dir, {}, DatasetFormat::Auto, DatasetKind::Generic, expect});
    };
    const auto withTensors = [&](const std::string& name, const std::string& image, const std::string& expect = {}) {
        const fs::path dir = d / name;
        fs::create_directories(dir);
        put(dir / "config.json", tinyConfigJson());
        put(dir / "model.safetensors", image);
        add(name, dir, expect);
    };
    const auto withConfig = [&](const std::string& name, const std::string& config, const std::string& expect = {}) {
        const fs::path dir = d / name;
        writeTinyModel(dir);
        put(dir / "config.json", config);
        add(name, dir, expect);
    };
    writeTinyModel(d / "nan-weight", std::numeric_limits<float>::quiet_NaN(), true);
    add("nan-weight", d / "nan-weight", "NaN");
    writeTinyModel(d / "inf-weight", std::numeric_limits<float>::infinity(), true);
    add("inf-weight", d / "inf-weight", "Inf");
    writeTinyModel(d / "shape-mismatch", 0, false, {}, true);
    add("shape-mismatch", d / "shape-mismatch");
    writeTinyModel(d / "missing-tensor", 0, false, {}, false, true);
    add("missing-tensor", d / "missing-tensor");
    withConfig("needs-terabytes",
               replaced(replaced(tinyConfigJson(), R"("vocab_size": 64)", R"("vocab_size": 4194304)"),
                        R"("hidden_size": 32)", R"("hidden_size": 262144)"),
               "memory");
    withConfig("layers-2-pow-40", replaced(tinyConfigJson(), R"("num_hidden_layers": 2)", R"("num_hidden_layers": 1099511627776)"));
    withConfig("parameter-count-overflows",
               replaced(replaced(tinyConfigJson(), R"("vocab_size": 64)", R"("vocab_size": 9223372036854775807)"),
                        R"("hidden_size": 32)", R"("hidden_size": 9223372036854775807)"));
    withConfig("config-huge-rope-positions",
               tinyConfigJson(R"(, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, )"
                              R"("high_freq_factor": 4.0, "original_max_position_embeddings": 1e300})"));
    withConfig("config-not-json", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    withConfig("config-zero-length", "");
    withConfig("config-deep-nesting", repeat("{\"a\":", 100'000) + "1" + repeat("}", 100'000));
    withConfig("config-huge-float", replaced(tinyConfigJson(), R"("vocab_size": 64)", R"("vocab_size": 1e400)"));
    withConfig("config-utf16", utf16le(tinyConfigJson()));
    {
        const fs::path dir = d / "config-symlink-dev-zero";
        writeTinyModel(dir);
        fs::remove(dir / "config.json");
        symlinkTo(dir / "config.json", "/dev/zero");
        add("config-symlink-dev-zero", dir);
    }
    const std::string goodHeader =
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    withTensors("tensors-zero-length", "");
    withTensors("tensors-truncated", safetensorsImage(goodHeader, "1234"));
    withTensors("tensors-header-past-end", safetensorsImage(goodHeader, "12345678", 4096));
    withTensors("tensors-header-2-pow-63", safetensorsImage(goodHeader, "12345678", std::uint64_t(1) << 63));
    withTensors("tensors-header-over-limit", safetensorsImage(goodHeader, "12345678", 200'000'000));
    withTensors("tensors-header-not-json", safetensorsImage("{\"a\": [1, 2,", "12345678"));
    withTensors("tensors-header-deep", safetensorsImage(repeat("[", 100'000) + repeat("]", 100'000), ""));
    withTensors("tensors-overlap",
                safetensorsImage(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                 std::string(12, '\0')));
    withTensors("tensors-offset-out-of-range",
                safetensorsImage(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}})", "12345678"));
    withTensors("tensors-shape-overflow",
                safetensorsImage(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})", "12345678"));
    withTensors("tensors-unknown-dtype",
                safetensorsImage(R"({"a":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}})", "12345678"));
    withTensors("tensors-negative-shape",
                safetensorsImage(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", "12345678"));
    {
        const fs::path dir = d / "tensors-symlink-dev-zero";
        fs::create_directories(dir);
        put(dir / "config.json", tinyConfigJson());
        symlinkTo(dir / "model.safetensors", "/dev/zero");
        add("tensors-symlink-dev-zero", dir);
    }
    {
        const fs::path dir = d / "tensors-symlink-dev-urandom";
        fs::create_directories(dir);
        put(dir / "config.json", tinyConfigJson());
        symlinkTo(dir / "model.safetensors", "/dev/urandom");
        add("tensors-symlink-dev-urandom", dir);
    }
    {
        const fs::path dir = d / "tensors-sparse-2gib";
        fs::create_directories(dir);
        put(dir / "config.json", tinyConfigJson());
        sparse(dir / "model.safetensors", kSparseFileBytes);
        add("tensors-sparse-2gib", dir);
    }
    {
        const fs::path dir = d / "index-escapes-folder";
        writeTinyModel(dir);
        put(dir / "model.safetensors.index.json",
            R"({"metadata": {}, "weight_map": {"model.embed_tokens.weight": "../../../../etc/passwd"}})");
        add("index-escapes-folder", dir);
    }
    {
        const fs::path dir = d / "index-missing-shard";
        writeTinyModel(dir);
        put(dir / "model.safetensors.index.json",
            R"({"metadata": {}, "weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors"}})");
        add("index-missing-shard", dir);
    }
}

// --- tokenizers and chat templates -----------------------------------------------

std::string tinyTokenizerJson(const std::string& addedTokens = R"([{"id": 6, "content": "<|eot|>", "special": true}])",
                              const std::string& merges = R"(["a b"])", const std::string& pattern = "\\\\s+|\\\\w+|.") {
    return R"({"version": "1.0", "added_tokens": )" + addedTokens +
           R"(, "normalizer": null, "pre_tokenizer": {"type": "Sequence", "pretokenizers": [)"
           R"({"type": "Split", "pattern": {"Regex": ")" + pattern + R"("}, "behavior": "Isolated", "invert": false},)"
           R"({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]}, )"
           R"("post_processor": null, "decoder": {"type": "ByteLevel"}, "model": {"type": "BPE", "dropout": null, )"
           R"("unk_token": null, "continuing_subword_prefix": null, "end_of_word_suffix": null, "fuse_unk": false, )"
           R"("byte_fallback": false, "ignore_merges": false, "vocab": {"a": 0, "b": 1, "ab": 2, "c": 3, "Ġ": 4, "d": 5}, )"
           R"("merges": )" + merges + "}}";
}

void addTokenizers(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "tokenizers";
    const auto add = [&](const std::string& name, const fs::path& path) {
        c.cases.push_back({"tokenizer/" + name, HostileKind::Tokenizer, path, {}, DatasetFormat::Auto, DatasetKind::Generic, {}});
    };
    add("zero-length", put(d / "zero" / "tokenizer.json", ""));
    add("truncated", put(d / "trunc" / "tokenizer.json", tinyTokenizerJson().substr(0, 300)));
    add("binary", put(d / "bin" / "tokenizer.json", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8)));
    add("deep-nesting", put(d / "deep" / "tokenizer.json", repeat("[", 1'000'000)));
    add("added-token-id-2-pow-31",
        put(d / "huge-id" / "tokenizer.json", tinyTokenizerJson(R"([{"id": 2147483647, "content": "<|x|>", "special": true}])")));
    add("added-token-id-negative",
        put(d / "neg-id" / "tokenizer.json", tinyTokenizerJson(R"([{"id": -5, "content": "<|x|>", "special": true}])")));
    add("merge-of-unknown-tokens", put(d / "merge" / "tokenizer.json", tinyTokenizerJson(R"([{"id": 6, "content": "<|eot|>"}])", R"(["x y"])")));
    add("invalid-regex", put(d / "regex" / "tokenizer.json", tinyTokenizerJson(R"([])", R"(["a b"])", "(unclosed")));
    add("utf16", put(d / "utf16" / "tokenizer.json", utf16le(tinyTokenizerJson())));
    add("symlink-dev-zero", symlinkTo(d / "devzero" / "tokenizer.json", "/dev/zero"));
    add("sparse-2gib", sparse(d / "sparse" / "tokenizer.json", kSparseFileBytes));
}

void addChatTemplates(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "templates";
    const fs::path messages =
        put(d / "messages.json", R"([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}])");
    const auto add = [&](const std::string& name, const std::string& source, const fs::path& msgs,
                         const std::string& expect = {}) {
        c.cases.push_back({"template/" + name, HostileKind::ChatTemplate, put(d / (name + ".jinja"), source), msgs,
                           DatasetFormat::Auto, DatasetKind::Generic, expect});
    };
    const std::string ok = "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}";
    add("unclosed-for", "{% for m in messages %}{{ m.content }}", messages);
    add("endless-loop", "{% for i in range(1000000000000) %}x{% endfor %}", messages);
    add("nested-loops", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", messages);
    add("recursive-macro", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", messages);
    add("deep-parentheses", "{{ " + repeat("(", 100'000) + "1" + repeat(")", 100'000) + " }}", messages);
    add("string-blowup", "{{ 'x' * 1000000000000 }}", messages);
    add("doubling-string",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
        messages);
    add("raise-exception", "{{ raise_exception('hostile template') }}", messages, "hostile template");
    add("messages-not-json", ok, put(d / "garbage.json", "\x00\x01{{["));
    add("messages-deep-nesting", ok, put(d / "deep.json", repeat("[", 1'000'000) + repeat("]", 1'000'000)));
    add("messages-sparse-2gib", ok, sparse(d / "sparse.json", kSparseFileBytes));
}

void addAdapters(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "adapters";
    const auto add = [&](const std::string& name, const std::string& config) {
        const fs::path dir = d / name;
        put(dir / "adapter_config.json", config);
        c.cases.push_back({"adapter/" + name, HostileKind::AdapterDir, dir, {}, DatasetFormat::Auto, DatasetKind::Generic, {}});
    };
    const std::string good =
        R"({"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj", "v_proj"], "bias": "none"})";
    add("rank-zero", replaced(good, R"("r": 4)", R"("r": 0)"));
    add("rank-huge", replaced(good, R"("r": 4)", R"("r": 1e400)"));
    add("alpha-huge", replaced(good, R"("lora_alpha": 8)", R"("lora_alpha": 1e400)"));
    add("no-target-modules", R"({"peft_type": "LORA", "r": 4})");
    add("catastrophic-regex", replaced(good, R"(["q_proj", "v_proj"])", R"("(.*)*(.*)*(.*)*z")"));
    add("zero-length", "");
    add("not-json", "r = 4\nalpha = 8\n");
    add("missing-weights", good);  // a valid config without adapter_model.safetensors
}

// --- annotation files ----------------------------------------------------------

void addAnnotations(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "annotations";
    c.goodProject = d / "baseline.tsproj";
    fs::create_directories(d);
    {
        auto project = store::Project::create(c.goodProject.string());
        store::RunInfo run;
        run.name = "baseline";
        const auto pairs = store::readImportPairs(store::ImportFormat::Jsonl, DatasetKind::CoTempQA,
                                                  {{c.goodPredictions, c.goodDataset}});
        store::importScoredRun(project, store::ImportFormat::Jsonl, DatasetKind::CoTempQA, run, pairs);
    }
    const std::string header = "run,item,step,annotator,verdict,note,tags,interpretability,cognitive_load\n";
    const std::string good = "baseline,equal/0,trace,ann,wrong,,,,\n";
    const auto add = [&](const std::string& name, const fs::path& path, const std::string& expect) {
        c.cases.push_back({"annotations/" + name, HostileKind::Annotations, path, c.goodProject, DatasetFormat::Auto,
                           DatasetKind::CoTempQA, expect});
    };
    add("unknown-run", put(d / "run.csv", header + "nope,equal/0,trace,ann,wrong,,,,\n"), "run");
    add("unknown-item", put(d / "item.csv", header + "baseline,equal/99,trace,ann,wrong,,,,\n"), "item");
    add("unknown-step", put(d / "step.csv", header + "baseline,equal/0,thought,ann,wrong,,,,\n"), "step");
    add("unknown-verdict", put(d / "verdict.csv", header + "baseline,equal/0,trace,ann,maybe,,,,\n"), "verdict");
    add("rating-out-of-range", put(d / "rating.csv", header + "baseline,equal/0,trace,ann,,,,7,\n"), "interpretability");
    add("rating-not-a-number", put(d / "load.csv", header + "baseline,equal/0,trace,ann,,,,,high\n"), "cognitive_load");
    add("unknown-column", put(d / "column.csv", "run,item,step,annotator,mood\nbaseline,equal/0,trace,ann,fine\n"), "mood");
    add("empty-annotator", put(d / "annotator.csv", header + "baseline,equal/0,trace,,wrong,,,,\n"), "annotator");
    add("duplicate-row", put(d / "duplicate.csv", header + good + good), "line 2");
    add("bad-row-after-good", put(d / "partial.csv", header + good + "baseline,equal/0,class,ann,nope,,,,\n"), "verdict");
    add("unterminated-quote", put(d / "quote.csv", header + "baseline,equal/0,trace,ann,wrong,\"never closed,,,\n"), "");
    add("tag-with-comma", put(d / "tag.jsonl",
                              R"({"run":"baseline","item":"equal/0","step":"trace","annotator":"ann","tags":["a,b"]})" "\n"),
        "tags");
    add("jsonl-not-json", put(d / "broken.jsonl", "{\"run\": \"baseline\"\n"), "");
    add("jsonl-not-an-object", put(d / "array.jsonl", "[1, 2, 3]\n"), "object");
    add("jsonl-tags-not-a-list", put(d / "tags.jsonl",
                                     R"({"run":"baseline","item":"equal/0","step":"trace","annotator":"ann","tags":"a"})" "\n"),
        "tags");
    add("jsonl-rating-fraction", put(d / "fraction.jsonl",
                                     R"({"run":"baseline","item":"equal/0","step":"trace","annotator":"ann","interpretability":3.5})" "\n"),
        "interpretability");
    add("jsonl-deep-nesting", put(d / "deep.jsonl", repeat("[", 1'000'000) + "\n"), "");
    add("wrong-extension", put(d / "annotations.txt", header + good), "");
}

// --- study rating files ---------------------------------------------------------

// A one-arm study of the baseline's one item (p1 and p2 registered) with one stored rating:
// p1 rated its first item 4 / 2.
void addStudyRatings(HostileCorpus& c, const fs::path& root) {
    const fs::path d = root / "study";
    fs::create_directories(d);
    c.studyProject = d / "study.tsproj";
    fs::copy_file(c.goodProject, c.studyProject);
    std::string item;
    {
        auto project = store::Project::open(c.studyProject.string());
        store::StudySpec spec;
        spec.name = "s";
        spec.seed = 3;
        spec.runs = {"baseline"};
        spec.itemCount = 1;  // the baseline run answers one item
        spec.participants = {"p1", "p2"};
        const store::Study study = store::createStudy(project, spec);
        item = study.items.front().itemKey;
        store::saveRating(project, study, {"p1", item, 0, 4, 2, "", 12.5});
    }
    const std::string header = "participant,item,trace_type,scale,rating,seconds,comment\n";
    const auto row = [&](const std::string& who, const std::string& it, const std::string& type,
                         const std::string& scale, const std::string& rating,
                         const std::string& secs = "3") {
        return who + "," + it + "," + type + "," + scale + "," + rating + "," + secs + ",\n";
    };
    const auto pair = [&](const std::string& who, const std::string& it, const std::string& a,
                          const std::string& b, const std::string& secs = "3") {
        return row(who, it, "rule-based", "interpretability", a, secs) +
               row(who, it, "rule-based", "cognitive_load", b, secs);
    };
    const auto add = [&](const std::string& name, const std::string& bytes,
                         const std::string& expect) {
        c.cases.push_back({"study/" + name, HostileKind::StudyRatings,
                           put(d / (name + ".csv"), bytes), c.studyProject, DatasetFormat::Auto,
                           DatasetKind::CoTempQA, expect});
    };
    add("unknown-participant", header + pair("p9", item, "3", "3"), "participant");
    add("unknown-item", header + pair("p1", "equal/999", "3", "3"), "item");
    add("unknown-scale", header + row("p1", item, "rule-based", "clarity", "3"), "scale");
    add("rating-zero", header + pair("p2", item, "0", "3"), "rating");
    add("rating-fraction", header + pair("p2", item, "3.5", "3"), "rating");
    add("rating-word", header + pair("p2", item, "high", "3"), "rating");
    add("time-negative", header + pair("p2", item, "3", "3", "-1"), "seconds");
    add("time-nan", header + pair("p2", item, "3", "3", "nan"), "seconds");
    add("one-scale-only", header + row("p2", item, "rule-based", "interpretability", "3"),
        "one scale");
    add("scale-twice",
        header + pair("p2", item, "3", "3") + row("p2", item, "rule-based", "cognitive_load", "4"),
        "twice");
    add("trace-type-unblinded",
        header + row("p2", item, "free-form", "interpretability", "3") +
            row("p2", item, "free-form", "cognitive_load", "3"),
        "shown");
    add("overwrites-a-rating", header + pair("p1", item, "1", "5"), "already rated");
    add("missing-column", "participant,item,scale,rating\np2," + item + ",interpretability,3\n",
        "trace_type");
    add("zero-length", "", "");
    add("unterminated-quote", header + "p2,\"" + item + ",rule-based,interpretability,3,3,\n", "");
    add("bad-after-good", header + pair("p2", item, "3", "3") + pair("p2", "equal/999", "3", "3"),
        "item");
}

}  // namespace

HostileCorpus makeHostileCorpus(const fs::path& root) {
    HostileCorpus c;
    addDatasets(c, root);
    addPredictions(c, root);
    addModels(c, root);
    addTokenizers(c, root);
    addChatTemplates(c, root);
    addAdapters(c, root);
    addAnnotations(c, root);
    addStudyRatings(c, root);
    return c;
}

}  // namespace ts::test
