// Parsing of Hugging Face tokenizer.json into a TokenizerSpec. Every refusal
// names the JSON key so a user knows which part of the file is unsupported.
#include <nlohmann/json.hpp>

#include "core/model/tokenizer/tokenizer_json_reader.h"
#include "core/model/tokenizer/tokenizer_spec.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace ts {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& key, const std::string& message) {
    throw Error(message, {{}, 0, key});
}

std::string typeName(const json& v) {
    return v.type_name();
}

const json& member(const json& obj, const char* name, const std::string& path) {
    const auto it = obj.find(name);
    if (it == obj.end()) fail(path + name, "missing");
    return *it;
}

bool boolOr(const json& obj, const char* name, const std::string& path, bool fallback) {
    const auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) fail(path + name, "expected a boolean, found " + typeName(*it));
    return it->get<bool>();
}

std::string stringOf(const json& v, const std::string& key) {
    if (!v.is_string()) fail(key, "expected a string, found " + typeName(v));
    return v.get<std::string>();
}

std::string typeOf(const json& obj, const std::string& path) {
    if (!obj.is_object()) fail(path, "expected an object, found " + typeName(obj));
    return stringOf(member(obj, "type", path + "."), path + ".type");
}

std::vector<AddedToken> parseAddedTokens(const json& root) {
    std::vector<AddedToken> out;
    const auto it = root.find("added_tokens");
    if (it == root.end() || it->is_null()) return out;
    if (!it->is_array()) fail("added_tokens", "expected an array, found " + typeName(*it));
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& t = (*it)[i];
        const std::string path = "added_tokens[" + std::to_string(i) + "].";
        if (!t.is_object()) fail(path, "expected an object");
        AddedToken a;
        const json& id = member(t, "id", path);
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0)
            fail(path + "id", "expected a non-negative integer id");
        if (id.get<std::uint64_t>() > std::uint64_t(kMaxTokenId))
            fail(path + "id", "id " + std::to_string(id.get<std::uint64_t>()) +
                                  " is larger than the supported maximum of " +
                                  std::to_string(kMaxTokenId));
        a.id = id.get<std::int32_t>();
        a.content = stringOf(member(t, "content", path), path + "content");
        if (a.content.empty()) fail(path + "content", "an added token cannot be empty");
        a.special = boolOr(t, "special", path, false);
        a.lstrip = boolOr(t, "lstrip", path, false);
        a.rstrip = boolOr(t, "rstrip", path, false);
        a.singleWord = boolOr(t, "single_word", path, false);
        a.normalized = boolOr(t, "normalized", path, !a.special);
        out.push_back(std::move(a));
    }
    return out;
}

NormalizerKind parseNormalizer(const json& root) {
    const auto it = root.find("normalizer");
    if (it == root.end() || it->is_null()) return NormalizerKind::None;
    const std::string type = typeOf(*it, "normalizer");
    if (type == "NFC") return NormalizerKind::Nfc;
    if (type == "Sequence") {
        const json& list = member(*it, "normalizers", "normalizer.");
        if (!list.is_array()) fail("normalizer.normalizers", "expected an array");
        NormalizerKind kind = NormalizerKind::None;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string path = "normalizer.normalizers[" + std::to_string(i) + "]";
            const std::string t = typeOf(list[i], path);
            if (t != "NFC")
                fail(path + ".type",
                     "unsupported normalizer '" + t + "' (only NFC is implemented)");
            kind = NormalizerKind::Nfc;
        }
        return kind;
    }
    fail("normalizer.type", "unsupported normalizer '" + type + "' (only NFC is implemented)");
}

SplitBehavior parseBehavior(const json& v, const std::string& key) {
    const std::string b = stringOf(v, key);
    if (b == "Isolated") return SplitBehavior::Isolated;
    if (b == "Removed") return SplitBehavior::Removed;
    if (b == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (b == "MergedWithNext") return SplitBehavior::MergedWithNext;
    fail(key, "unsupported split behavior '" + b + "'");
}

void parsePreTokenizerStep(const json& node, const std::string& path,
                           std::vector<PreTokenizerStep>& steps) {
    const std::string type = typeOf(node, path);
    const std::string p = path + ".";
    if (type == "Sequence") {
        const json& list = member(node, "pretokenizers", p);
        if (!list.is_array()) fail(p + "pretokenizers", "expected an array");
        for (std::size_t i = 0; i < list.size(); ++i)
            parsePreTokenizerStep(list[i], p + "pretokenizers[" + std::to_string(i) + "]", steps);
    } else if (type == "Split") {
        SplitStep s;
        const json& pattern = member(node, "pattern", p);
        if (pattern.is_object() && pattern.contains("Regex")) {
            s.pattern = stringOf(pattern["Regex"], p + "pattern.Regex");
        } else if (pattern.is_object() && pattern.contains("String")) {
            s.pattern = stringOf(pattern["String"], p + "pattern.String");
            s.isRegex = false;
        } else {
            fail(p + "pattern", "expected {\"Regex\": ...} or {\"String\": ...}");
        }
        s.behavior = parseBehavior(member(node, "behavior", p), p + "behavior");
        s.invert = boolOr(node, "invert", p, false);
        steps.emplace_back(std::move(s));
    } else if (type == "ByteLevel") {
        ByteLevelStep b;
        b.addPrefixSpace = boolOr(node, "add_prefix_space", p, true);
        b.trimOffsets = boolOr(node, "trim_offsets", p, true);
        b.useRegex = boolOr(node, "use_regex", p, true);
        steps.emplace_back(b);
    } else {
        fail(p + "type", "unsupported pre-tokenizer '" + type +
                             "' (Sequence, Split and ByteLevel are implemented)");
    }
}

std::vector<PreTokenizerStep> parsePreTokenizer(const json& root) {
    const auto it = root.find("pre_tokenizer");
    if (it == root.end() || it->is_null())
        fail("pre_tokenizer",
             "missing: a byte-level BPE tokenizer needs a ByteLevel pre-tokenizer");
    std::vector<PreTokenizerStep> steps;
    parsePreTokenizerStep(*it, "pre_tokenizer", steps);
    if (steps.empty() || !std::holds_alternative<ByteLevelStep>(steps.back()))
        fail("pre_tokenizer",
             "the last pre-tokenizer must be ByteLevel (only byte-level BPE is supported)");
    for (std::size_t i = 0; i + 1 < steps.size(); ++i)
        if (std::holds_alternative<ByteLevelStep>(steps[i]))
            fail("pre_tokenizer", "ByteLevel must be the last pre-tokenizer step");
    return steps;
}

void parseDecoder(const json& root) {
    const auto it = root.find("decoder");
    if (it == root.end() || it->is_null())
        fail("decoder", "missing: byte-level BPE needs the ByteLevel decoder");
    const std::string type = typeOf(*it, "decoder");
    if (type == "ByteLevel") return;
    if (type == "Sequence") {
        const json& list = member(*it, "decoders", "decoder.");
        if (list.is_array() && list.size() == 1 &&
            typeOf(list[0], "decoder.decoders[0]") == "ByteLevel")
            return;
        fail("decoder.decoders", "only a Sequence holding just ByteLevel is supported");
    }
    fail("decoder.type", "unsupported decoder '" + type + "' (only ByteLevel is implemented)");
}

std::vector<std::int32_t> templateIds(const json& special, const std::string& name,
                                      const std::string& key) {
    const auto it = special.find(name);
    if (it == special.end())
        fail(key, "special token '" + name + "' is not listed in special_tokens");
    const json& ids = member(*it, "ids", key + ".");
    std::vector<std::int32_t> out;
    for (const json& v : ids) {
        if (!v.is_number_integer()) fail(key + ".ids", "expected integer ids");
        out.push_back(v.get<std::int32_t>());
    }
    return out;
}

void parsePostStep(const json& node, const std::string& path, PostProcessorSpec& out) {
    const std::string type = typeOf(node, path);
    const std::string p = path + ".";
    if (type == "ByteLevel") return;  // only adjusts offsets
    if (type == "Sequence") {
        const json& list = member(node, "processors", p);
        for (std::size_t i = 0; i < list.size(); ++i)
            parsePostStep(list[i], p + "processors[" + std::to_string(i) + "]", out);
        return;
    }
    if (type != "TemplateProcessing")
        fail(p + "type", "unsupported post-processor '" + type +
                             "' (ByteLevel and TemplateProcessing are implemented)");
    out.kind = PostProcessorSpec::Kind::Template;
    const json& single = member(node, "single", p);
    const json& special = member(node, "special_tokens", p);
    bool seenSequence = false;
    for (std::size_t i = 0; i < single.size(); ++i) {
        const std::string key = p + "single[" + std::to_string(i) + "]";
        const json& piece = single[i];
        if (piece.contains("Sequence")) {
            seenSequence = true;
        } else if (piece.contains("SpecialToken")) {
            const std::string name =
                stringOf(member(piece["SpecialToken"], "id", key + ".SpecialToken."), key);
            auto ids = templateIds(special, name, p + "special_tokens." + name);
            auto& dst = seenSequence ? out.suffixIds : out.prefixIds;
            dst.insert(dst.end(), ids.begin(), ids.end());
        } else {
            fail(key, "expected a Sequence or SpecialToken piece");
        }
    }
}

PostProcessorSpec parsePostProcessor(const json& root) {
    PostProcessorSpec out;
    const auto it = root.find("post_processor");
    if (it == root.end() || it->is_null()) {
        out.kind = PostProcessorSpec::Kind::None;
        return out;
    }
    parsePostStep(*it, "post_processor", out);
    return out;
}

BpeModelSpec parseModel(TokenizerJsonDocument& reader) {
    const json& root = reader.root;
    const json& m = member(root, "model", "");
    const std::string type = typeOf(m, "model");
    if (type != "BPE")
        fail("model.type", "unsupported model '" + type + "' (only BPE is implemented)");
    BpeModelSpec spec;
    for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        const auto it = m.find(affix);
        if (it != m.end() && !it->is_null() && !(it->is_string() && it->get<std::string>().empty()))
            fail(std::string("model.") + affix,
                 "not supported by byte-level BPE (must be null or empty)");
    }
    if (const auto it = m.find("dropout");
        it != m.end() && !it->is_null() && !(it->is_number() && it->get<double>() == 0.0))
        fail("model.dropout", "BPE dropout is not supported (must be null)");
    if (boolOr(m, "byte_fallback", "model.", false))
        fail("model.byte_fallback",
             "byte_fallback is not supported (byte-level BPE never needs it)");
    spec.ignoreMerges = boolOr(m, "ignore_merges", "model.", false);
    spec.fuseUnk = boolOr(m, "fuse_unk", "model.", false);
    if (const auto it = m.find("unk_token"); it != m.end() && !it->is_null())
        spec.unkToken = stringOf(*it, "model.unk_token");

    if (!member(m, "vocab", "model.").is_object())
        fail("model.vocab", "expected an object of token -> id");
    if (!member(m, "merges", "model.").is_array()) fail("model.merges", "expected an array");
    spec.vocab = std::move(reader.vocab);
    spec.merges = std::move(reader.merges);
    return spec;
}

}  // namespace

TokenizerSpec parseTokenizerJson(std::string_view text, const std::string& sourceName) {
    try {
        requireJsonDepthWithin(text, sourceName);
        TokenizerJsonDocument reader = readTokenizerJsonDocument(text);
        const json& root = reader.root;
        if (!root.is_object()) throw Error("expected a JSON object at the top level");
        for (const char* key : {"truncation", "padding"}) {
            const auto it = root.find(key);
            if (it != root.end() && !it->is_null())
                fail(key, "not supported (truncate and pad in the caller; set it to null)");
        }
        TokenizerSpec spec;
        spec.addedTokens = parseAddedTokens(root);
        spec.normalizer = parseNormalizer(root);
        spec.preTokenizer = parsePreTokenizer(root);
        spec.postProcessor = parsePostProcessor(root);
        parseDecoder(root);
        spec.model = parseModel(reader);
        return spec;
    } catch (const Error& e) {
        throw e.located(sourceName);
    } catch (const json::exception& e) {
        throw Error(std::string("unexpected JSON structure: ") + e.what(), {sourceName});
    }
}

TokenizerSpec loadTokenizerJson(const std::filesystem::path& file) {
    return parseTokenizerJson(readFile(file, kTokenizerFileLimit), file.string());
}

}  // namespace ts
