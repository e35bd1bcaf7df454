// Serialization of a TokenizerSpec in the layout the Hugging Face `tokenizers`
// library writes (and reads back): same top-level keys and order, vocabulary
// in id order, merges as ["left", "right"] pairs.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/model/tokenizer/tokenizer_spec.h"

namespace ts {

namespace {

using ojson = nlohmann::ordered_json;

const char* behaviorName(SplitBehavior b) {
    switch (b) {
        case SplitBehavior::Isolated:
            return "Isolated";
        case SplitBehavior::Removed:
            return "Removed";
        case SplitBehavior::MergedWithPrevious:
            return "MergedWithPrevious";
        case SplitBehavior::MergedWithNext:
            return "MergedWithNext";
    }
    return "Isolated";
}

ojson byteLevelJson(const ByteLevelStep& b) {
    ojson j;
    j["type"] = "ByteLevel";
    j["add_prefix_space"] = b.addPrefixSpace;
    j["trim_offsets"] = b.trimOffsets;
    j["use_regex"] = b.useRegex;
    return j;
}

ojson preTokenizerJson(const std::vector<PreTokenizerStep>& steps) {
    ojson list = ojson::array();
    for (const auto& step : steps) {
        if (const auto* s = std::get_if<SplitStep>(&step)) {
            ojson j;
            j["type"] = "Split";
            j["pattern"] = ojson{{s->isRegex ? "Regex" : "String", s->pattern}};
            j["behavior"] = behaviorName(s->behavior);
            j["invert"] = s->invert;
            list.push_back(std::move(j));
        } else {
            list.push_back(byteLevelJson(std::get<ByteLevelStep>(step)));
        }
    }
    if (list.size() == 1) return list[0];
    ojson seq;
    seq["type"] = "Sequence";
    seq["pretokenizers"] = std::move(list);
    return seq;
}

ojson postProcessorJson(const TokenizerSpec& spec) {
    const auto& pp = spec.postProcessor;
    if (pp.kind == PostProcessorSpec::Kind::None) return nullptr;
    if (pp.kind == PostProcessorSpec::Kind::ByteLevel) return byteLevelJson({false, false, false});
    auto tokenName = [&](std::int32_t id) -> std::string {
        for (const auto& t : spec.addedTokens)
            if (t.id == id) return t.content;
        for (const auto& [tok, vid] : spec.model.vocab)
            if (vid == id) return tok;
        return std::to_string(id);
    };
    ojson single = ojson::array(), special = ojson::object();
    auto addSpecial = [&](std::int32_t id) {
        const std::string name = tokenName(id);
        single.push_back({{"SpecialToken", {{"id", name}, {"type_id", 0}}}});
        special[name] = {{"id", name}, {"ids", {id}}, {"tokens", {name}}};
    };
    for (auto id : pp.prefixIds) addSpecial(id);
    single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
    for (auto id : pp.suffixIds) addSpecial(id);
    ojson pair = single;
    pair.push_back({{"Sequence", {{"id", "B"}, {"type_id", 1}}}});
    ojson j;
    j["type"] = "TemplateProcessing";
    j["single"] = std::move(single);
    j["pair"] = std::move(pair);
    j["special_tokens"] = std::move(special);
    return j;
}

}  // namespace

std::string writeTokenizerJson(const TokenizerSpec& spec) {
    ojson root;
    root["version"] = "1.0";
    root["truncation"] = nullptr;
    root["padding"] = nullptr;
    ojson added = ojson::array();
    for (const auto& t : spec.addedTokens) {
        ojson j;
        j["id"] = t.id;
        j["content"] = t.content;
        j["single_word"] = t.singleWord;
        j["lstrip"] = t.lstrip;
        j["rstrip"] = t.rstrip;
        j["normalized"] = t.normalized;
        j["special"] = t.special;
        added.push_back(std::move(j));
    }
    root["added_tokens"] = std::move(added);
    root["normalizer"] =
        spec.normalizer == NormalizerKind::Nfc ? ojson{{"type", "NFC"}} : ojson(nullptr);
    root["pre_tokenizer"] = preTokenizerJson(spec.preTokenizer);
    root["post_processor"] = postProcessorJson(spec);
    root["decoder"] = byteLevelJson({false, false, false});

    // The model section is written by hand: ordered_json objects insert in
    // linear time, far too slow for a vocabulary of 10^5 entries.
    std::string text = root.dump(2);
    text.pop_back();  // the closing '}' of the root object
    text += ",\n  \"model\": {\n";
    auto field = [&](const char* key, const ojson& value) {
        text += "    \"";
        text += key;
        text += "\": " + value.dump() + ",\n";
    };
    field("type", "BPE");
    field("dropout", nullptr);
    field("unk_token", spec.model.unkToken ? ojson(*spec.model.unkToken) : ojson(nullptr));
    field("continuing_subword_prefix", nullptr);
    field("end_of_word_suffix", nullptr);
    field("fuse_unk", spec.model.fuseUnk);
    field("byte_fallback", false);
    field("ignore_merges", spec.model.ignoreMerges);
    auto vocab = spec.model.vocab;
    std::stable_sort(vocab.begin(), vocab.end(),
                     [](const auto& a, const auto& b) { return a.second < b.second; });
    text += "    \"vocab\": {";
    for (std::size_t i = 0; i < vocab.size(); ++i) {
        text += i ? ",\n      " : "\n      ";
        text += ojson(vocab[i].first).dump() + ": " + std::to_string(vocab[i].second);
    }
    text += vocab.empty() ? "},\n" : "\n    },\n";
    text += "    \"merges\": [";
    const auto& merges = spec.model.merges;
    for (std::size_t i = 0; i < merges.size(); ++i) {
        text += i ? ",\n      [" : "\n      [";
        text += ojson(merges[i].first).dump() + ", " + ojson(merges[i].second).dump() + "]";
    }
    text += merges.empty() ? "]\n  }\n}\n" : "\n    ]\n  }\n}\n";
    return text;
}

}  // namespace ts
