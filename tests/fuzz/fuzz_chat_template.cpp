// The Jinja-subset chat template engine, template and data both hostile. The
// input is the template source, a NUL byte, then the data as JSON: either a
// messages array or {"messages": [...], "add_generation_prompt": bool,
// "extra": {variables}} (the shape of chat_template_reference.json). Without
// a NUL (or with data that is not JSON) a fixed two-message conversation is
// used. Parse and render either succeed within the render limits or throw
// ts::Error.
#include <nlohmann/json.hpp>

#include "core/model/chat/chat_template.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

nlohmann::ordered_json defaultMessages() {
    return nlohmann::ordered_json::parse(
        R"([{"role":"system","content":"Be brief."},{"role":"user","content":"Who won in 1999?"},)"
        R"({"role":"assistant","content":"<think>x</think> <answer>y</answer>"}])");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parts = ts::fuzz::splitAtNul(ts::fuzz::asText(data, size));
    nlohmann::ordered_json messages = defaultMessages();
    ts::ChatRenderOptions options;
    options.bosToken = "<|begin_of_text|>";
    options.eosToken = "<|eot_id|>";
    options.today = ts::CalendarDate{2025, 5, 21};
    if (parts.hasSecond) {
        auto j = nlohmann::ordered_json::parse(parts.second, nullptr, false);
        if (j.is_array()) {
            messages = std::move(j);
        } else if (j.is_object()) {
            if (auto m = j.find("messages"); m != j.end()) messages = *m;
            if (auto g = j.find("add_generation_prompt"); g != j.end() && g->is_boolean())
                options.addGenerationPrompt = g->get<bool>();
            if (auto e = j.find("extra"); e != j.end()) options.variables = *e;
        }
    }
    ts::fuzz::expectCleanErrors([&] {
        const ts::ChatTemplate tmpl(parts.first, "fuzz_template");
        const std::string out = tmpl.render(messages, options);
        if (out.size() > options.limits.maxOutputBytes) __builtin_trap();
    });
    return 0;
}
