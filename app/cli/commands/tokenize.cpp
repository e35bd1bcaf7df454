// tracescope-cli tokenize: encodes text with a Hugging Face tokenizer.json
// (or decodes ids), for checking prompts and comparing with transformers.
#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "core/model/tokenizer/byte_level.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/json_limits.h"
#include "core/util/text.h"

namespace {

using ts::cli::UsageError;
using Ids = std::vector<std::int32_t>;

std::string idsJson(const Ids& ids) {
    return nlohmann::json{{"ids", ids}}.dump() + "\n";
}

std::string textJson(const std::string& text) {
    return nlohmann::json{{"text", text}}.dump() + "\n";
}

// "1,2,3", "1 2 3" or "[1, 2, 3]".
Ids parseIdList(const std::string& text) {
    Ids ids;
    std::size_t i = 0;
    auto separator = [](char c) {
        return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '[' || c == ']';
    };
    while (i < text.size()) {
        if (separator(text[i])) {
            ++i;
            continue;
        }
        std::int32_t v = 0;
        const auto res = std::from_chars(text.data() + i, text.data() + text.size(), v);
        if (res.ec != std::errc() || v < 0 ||
            (res.ptr != text.data() + text.size() && !separator(*res.ptr)))
            throw UsageError("--decode expects token ids such as 1,2,3 or [1, 2, 3], got '" + text +
                             "'");
        ids.push_back(v);
        i = std::size_t(res.ptr - text.data());
    }
    return ids;
}

// One stdin line of --stdin-jsonl --decode: [ids...] or {"ids": [...]}.
Ids idsFromJson(const nlohmann::json& j, std::size_t lineNo) {
    const nlohmann::json& list = j.is_object() && j.contains("ids") ? j["ids"] : j;
    if (!list.is_array())
        throw ts::Error("expected a JSON array of ids or {\"ids\": [...]}", {"<stdin>", lineNo});
    Ids ids;
    for (const auto& v : list) {
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
            v.get<std::int64_t>() > INT32_MAX)
            throw ts::Error("token ids must be non-negative integers", {"<stdin>", lineNo});
        ids.push_back(v.get<std::int32_t>());
    }
    return ids;
}

void printReadable(const ts::Tokenizer& tok, const Ids& ids) {
    for (const auto id : ids) {
        const std::string token = tok.idToToken(id).value_or("?");
        const std::string bytes(tok.tokenBytes(id));
        std::printf("%8d  %-24s %s\n", id, token.c_str(),
                    ts::pythonRepr(ts::byte_level::toValidUtf8Lossy(bytes)).c_str());
    }
    std::printf("%zu tokens\n", ids.size());
}

int runStdinJsonl(const ts::Tokenizer& tok, bool decode, const ts::EncodeOptions& enc,
                  const ts::DecodeOptions& dec) {
    std::string line, out;
    std::size_t lineNo = 0;
    Ids ids;
    while (std::getline(std::cin, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        ts::requireJsonDepthWithin(line, "<stdin>", lineNo);
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw ts::Error(std::string("not a JSON value: ") + e.what(), {"<stdin>", lineNo});
        }
        if (decode) {
            out = textJson(tok.decode(idsFromJson(j, lineNo), dec));
        } else {
            if (!j.is_string()) throw ts::Error("expected a JSON string", {"<stdin>", lineNo});
            ids.clear();
            try {
                tok.encodeInto(j.get_ref<const std::string&>(), ids, enc);
            } catch (const ts::Error& e) {
                throw e.located("<stdin>", lineNo);
            }
            out = idsJson(ids);
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return ts::cli::kExitOk;
}

int runTokenize(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli tokenize --tokenizer DIR [--json] [--decode] (TEXT | --stdin-jsonl)",
        "Encodes TEXT with a Hugging Face tokenizer.json (byte-level BPE: Qwen2/3, Llama 3, GPT-2 "
        "style) and prints "
        "the ids with their token strings, or {\"ids\": [...]} with --json. --decode turns ids "
        "(1,2,3 or [1, 2, 3]) "
        "back into text, printed exactly (or {\"text\": ...} with --json). --stdin-jsonl reads one "
        "JSON value per "
        "line (a string to encode, or an id list to decode) and writes one JSON object per line.");
    parser
        .option("--tokenizer", "DIR", "a directory with tokenizer.json, or the tokenizer.json file")
        .flag("--json", "print {\"ids\": [...]} (or {\"text\": ...} with --decode)")
        .flag("--decode", "decode token ids instead of encoding text")
        .flag("--stdin-jsonl", "read JSON lines from stdin, write one JSON object per line")
        .flag("--add-special-tokens", "apply the post-processor (e.g. a BOS prefix) when encoding")
        .flag("--no-parse-special",
              "encode special-token text like <|im_start|> as ordinary characters")
        .flag("--skip-special-tokens", "leave special tokens out when decoding")
        .positional("TEXT", "text to encode, or ids to decode", false);
    const auto a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    const bool stdinMode = a.flag("--stdin-jsonl");
    if (stdinMode && !a.positionals().empty())
        throw UsageError("--stdin-jsonl takes no TEXT argument");
    if (!stdinMode && a.positionals().empty())
        throw UsageError("missing argument TEXT (or use --stdin-jsonl)");

    const ts::Tokenizer tok = ts::Tokenizer::load(a.get("--tokenizer"));
    ts::EncodeOptions enc;
    enc.addSpecialTokens = a.flag("--add-special-tokens");
    enc.parseSpecialTokens = !a.flag("--no-parse-special");
    ts::DecodeOptions dec;
    dec.skipSpecialTokens = a.flag("--skip-special-tokens");
    if (stdinMode) return runStdinJsonl(tok, a.flag("--decode"), enc, dec);

    const std::string& input = a.positionals()[0];
    if (a.flag("--decode")) {
        const std::string text = tok.decode(parseIdList(input), dec);
        const std::string out = a.flag("--json") ? textJson(text) : text;
        std::fwrite(out.data(), 1, out.size(), stdout);
        return ts::cli::kExitOk;
    }
    const Ids ids = tok.encode(input, enc);
    if (a.flag("--json")) {
        const std::string out = idsJson(ids);
        std::fwrite(out.data(), 1, out.size(), stdout);
    } else {
        printReadable(tok, ids);
    }
    return ts::cli::kExitOk;
}

ts::cli::RegisterCommand reg{
    {"tokenize", "encode text to token ids (or decode ids) with a tokenizer.json", &runTokenize}};

}  // namespace
