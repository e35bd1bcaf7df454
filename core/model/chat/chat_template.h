#pragma once
// Renders a Hugging Face chat template (the `chat_template` of
// tokenizer_config.json) exactly as transformers' apply_chat_template does:
// Jinja with trim_blocks and lstrip_blocks, the variables messages,
// add_generation_prompt, tools/documents (None), the tokenizer's named special
// tokens, raise_exception() and strftime_now(), plus caller-supplied
// variables (e.g. enable_thinking=false for Qwen3).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/chat/calendar_date.h"
#include "core/model/chat/jinja_template.h"

namespace ts {

struct ChatMessage {
    std::string role;
    std::string content;
};

struct ChatRenderOptions {
    bool addGenerationPrompt = false;
    std::optional<std::string> bosToken, eosToken, padToken, unkToken;
    // Extra template variables (a JSON object); they override the defaults above.
    nlohmann::ordered_json variables = nlohmann::ordered_json::object();
    // The date strftime_now() formats; the local date when absent.
    std::optional<CalendarDate> today;
    jinja::RenderLimits limits;
};

class ChatTemplate {
public:
    // Parses the template; throws ts::Error naming `name` and line:column.
    explicit ChatTemplate(std::string_view source, std::string name = "chat_template");

    // messages: a JSON array of message objects ({"role", "content", ...}).
    std::string render(const nlohmann::ordered_json& messages,
                       const ChatRenderOptions& options = {}) const;
    std::string render(const std::vector<ChatMessage>& messages,
                       const ChatRenderOptions& options = {}) const;

private:
    jinja::Template template_;
};

}  // namespace ts
