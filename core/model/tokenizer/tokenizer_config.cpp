#include "core/model/tokenizer/tokenizer_config.h"

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace ts {

namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

std::optional<std::string> tokenField(const json& root, const char* key) {
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    throw Error("expected a string, an object with \"content\", or null", {{}, 0, key});
}

bool boolField(const json& root, const char* key) {
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) return false;
    if (!it->is_boolean()) throw Error("expected a boolean", {{}, 0, key});
    return it->get<bool>();
}

}  // namespace

TokenizerConfig parseTokenizerConfig(std::string_view text, const std::string& sourceName) {
    try {
        const json root = parseJsonChecked(text, sourceName);
        if (!root.is_object()) throw Error("expected a JSON object at the top level");
        TokenizerConfig c;
        if (const auto it = root.find("chat_template"); it != root.end() && !it->is_null()) {
            if (it->is_string()) {
                c.chatTemplate = it->get<std::string>();
            } else if (it->is_array()) {
                for (std::size_t i = 0; i < it->size(); ++i) {
                    const json& e = (*it)[i];
                    const std::string key = "chat_template[" + std::to_string(i) + "]";
                    if (!e.is_object() || !e.contains("name") || !e.contains("template") ||
                        !e["name"].is_string() || !e["template"].is_string())
                        throw Error("expected {\"name\": ..., \"template\": ...}", {{}, 0, key});
                    const std::string name = e["name"], body = e["template"];
                    if (name == "default")
                        c.chatTemplate = body;
                    else
                        c.namedChatTemplates.emplace_back(name, body);
                }
            } else {
                throw Error("expected a string or a list of named templates",
                            {{}, 0, "chat_template"});
            }
        }
        c.bosToken = tokenField(root, "bos_token");
        c.eosToken = tokenField(root, "eos_token");
        c.padToken = tokenField(root, "pad_token");
        c.unkToken = tokenField(root, "unk_token");
        c.addBosToken = boolField(root, "add_bos_token");
        c.addEosToken = boolField(root, "add_eos_token");
        if (const auto it = root.find("tokenizer_class"); it != root.end() && it->is_string())
            c.tokenizerClass = it->get<std::string>();
        if (const auto it = root.find("model_max_length");
            it != root.end() && it->is_number_integer())
            c.modelMaxLength = it->get<std::int64_t>();
        return c;
    } catch (const Error& e) {
        throw e.located(sourceName);
    }
}

TokenizerConfig loadTokenizerConfig(const std::filesystem::path& fileOrDirectory) {
    std::error_code ec;
    if (!std::filesystem::is_directory(fileOrDirectory, ec))
        return parseTokenizerConfig(readFile(fileOrDirectory, kTokenizerFileLimit),
                                    fileOrDirectory.string());
    const auto file = fileOrDirectory / "tokenizer_config.json";
    TokenizerConfig c = parseTokenizerConfig(readFile(file, kTokenizerFileLimit), file.string());
    const auto jinja = fileOrDirectory / "chat_template.jinja";
    if (!c.chatTemplate && std::filesystem::is_regular_file(jinja, ec))
        c.chatTemplate = readFile(jinja, kTemplateFileLimit);
    return c;
}

std::string writeTokenizerConfig(const TokenizerConfig& c,
                                 const std::vector<AddedToken>& addedTokens) {
    ojson root;
    root["add_bos_token"] = c.addBosToken;
    root["add_eos_token"] = c.addEosToken;
    ojson decoder = ojson::object();
    for (const auto& t : addedTokens) {
        decoder[std::to_string(t.id)] = {{"content", t.content},        {"lstrip", t.lstrip},
                                         {"normalized", t.normalized},  {"rstrip", t.rstrip},
                                         {"single_word", t.singleWord}, {"special", t.special}};
    }
    root["added_tokens_decoder"] = std::move(decoder);
    auto token = [](const std::optional<std::string>& v) { return v ? ojson(*v) : ojson(nullptr); };
    root["bos_token"] = token(c.bosToken);
    if (c.chatTemplate && c.namedChatTemplates.empty()) {
        root["chat_template"] = *c.chatTemplate;
    } else if (!c.namedChatTemplates.empty()) {
        ojson list = ojson::array();
        if (c.chatTemplate) list.push_back({{"name", "default"}, {"template", *c.chatTemplate}});
        for (const auto& [name, body] : c.namedChatTemplates)
            list.push_back({{"name", name}, {"template", body}});
        root["chat_template"] = std::move(list);
    }
    root["clean_up_tokenization_spaces"] = false;
    root["eos_token"] = token(c.eosToken);
    if (c.modelMaxLength) root["model_max_length"] = *c.modelMaxLength;
    root["pad_token"] = token(c.padToken);
    root["tokenizer_class"] =
        c.tokenizerClass.empty() ? "PreTrainedTokenizerFast" : c.tokenizerClass;
    root["unk_token"] = token(c.unkToken);
    return root.dump(2) + "\n";
}

void writeTokenizerFiles(const std::filesystem::path& dir, const TokenizerSpec& spec,
                         const TokenizerConfig& config) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error("cannot create directory: " + ec.message(), {dir.string()});
    writeFileAtomic(dir / "tokenizer.json", writeTokenizerJson(spec));
    writeFileAtomic(dir / "tokenizer_config.json", writeTokenizerConfig(config, spec.addedTokens));
}

}  // namespace ts
