// tracescope-cli chat-render: renders a chat template (tokenizer_config.json's,
// or a .jinja file) for a messages file, printing exactly the rendered text.
#include <cstdio>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "app/cli/args.h"
#include "app/cli/command_registry.h"
#include "core/model/chat/chat_template.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/json_limits.h"

namespace {

using ts::cli::UsageError;

// A messages file holds a JSON array of messages, or an object with "messages".
nlohmann::ordered_json loadMessages(const std::string& path) {
    const std::string text = path == "-" ? std::string(std::istreambuf_iterator<char>(std::cin), {})
                                         : ts::readFile(path, ts::kTemplateFileLimit);
    nlohmann::ordered_json j = ts::parseOrderedJsonChecked(text, path);
    if (j.is_object() && j.contains("messages")) j = j["messages"];
    if (!j.is_array())
        throw ts::Error("expected a JSON array of messages (or {\"messages\": [...]})", {path});
    for (std::size_t i = 0; i < j.size(); ++i)
        if (!j[i].is_object())
            throw ts::Error("message " + std::to_string(i) + " is not a JSON object",
                            {path, 0, "messages"});
    return j;
}

int runChatRender(const std::vector<std::string>& args) {
    ts::cli::ArgParser parser(
        "tracescope-cli chat-render --tokenizer DIR --messages FILE.json [--add-generation-prompt] "
        "[--var NAME=JSON "
        "...] [--date \"21 May 2025\"] [--template FILE.jinja]",
        "Renders the chat template of DIR/tokenizer_config.json (or chat_template.jinja) for the "
        "messages, as "
        "transformers' apply_chat_template does, and prints the text exactly (no newline added). "
        "--var passes "
        "template variables as JSON (e.g. --var enable_thinking=false); --date fixes the date "
        "strftime_now() "
        "returns (the local date otherwise); --template renders another template with DIR's "
        "special tokens.");
    parser.option("--tokenizer", "DIR", "model or tokenizer directory with tokenizer_config.json")
        .option("--messages", "FILE",
                "JSON array of {\"role\", \"content\"} messages ('-' reads stdin)")
        .option("--template", "FILE",
                "a Jinja chat template file to use instead of the tokenizer's")
        .flag("--add-generation-prompt", "end with the assistant header, as for inference")
        .repeated("--var", "NAME=JSON", "an extra template variable, e.g. enable_thinking=false")
        .option("--date", "DATE", "the date for strftime_now(): '21 May 2025' or 2025-05-21");
    const auto a = parser.parse(args);
    if (a.helpRequested()) return ts::cli::kExitOk;
    if (!a.has("--tokenizer") && !a.has("--template"))
        throw UsageError("give --tokenizer DIR or --template FILE");

    ts::TokenizerConfig config;
    if (a.has("--tokenizer")) config = ts::loadTokenizerConfig(a.get("--tokenizer"));
    std::string source, name;
    if (a.has("--template")) {
        name = a.get("--template");
        source = ts::readFile(name, ts::kTemplateFileLimit);
    } else {
        if (!config.chatTemplate)
            throw ts::Error(
                "no chat_template in tokenizer_config.json (and no chat_template.jinja)",
                {a.get("--tokenizer")});
        source = *config.chatTemplate;
        name = a.get("--tokenizer") + "/tokenizer_config.json chat_template";
    }

    ts::ChatRenderOptions options;
    options.addGenerationPrompt = a.flag("--add-generation-prompt");
    options.bosToken = config.bosToken;
    options.eosToken = config.eosToken;
    options.padToken = config.padToken;
    options.unkToken = config.unkToken;
    for (const auto& v : a.all("--var")) {
        const auto eq = v.find('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError("--var expects NAME=JSON, got '" + v + "'");
        try {
            options.variables[v.substr(0, eq)] = nlohmann::ordered_json::parse(v.substr(eq + 1));
        } catch (const nlohmann::json::parse_error&) {
            throw UsageError("--var " + v.substr(0, eq) +
                             ": the value is not JSON (quote strings: NAME='\"text\"')");
        }
    }
    if (const auto date = a.find("--date")) {
        options.today = ts::parseCalendarDate(*date);
        if (!options.today)
            throw UsageError("--date expects '21 May 2025' or 2025-05-21, got '" + *date + "'");
    }
    const ts::ChatTemplate tmpl(source, name);
    const std::string out = tmpl.render(loadMessages(a.get("--messages")), options);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return ts::cli::kExitOk;
}

ts::cli::RegisterCommand reg{
    {"chat-render", "render a chat template for a messages file, exactly", &runChatRender}};

}  // namespace
