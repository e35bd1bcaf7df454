#include "core/train/template_renderer.h"

#include <memory>

#include "core/model/chat/chat_template.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "core/util/error.h"

namespace ts::train {

JsonChatRenderer loadTemplateRenderer(const std::filesystem::path& modelDir) {
    const TokenizerConfig config = loadTokenizerConfig(modelDir);
    if (!config.chatTemplate)
        throw Error("the model has no chat template (tokenizer_config.json chat_template or chat_template.jinja)",
                    {modelDir.string()});
    auto tmpl = std::make_shared<const ChatTemplate>(*config.chatTemplate, (modelDir / "chat_template").string());
    ChatRenderOptions base;
    base.bosToken = config.bosToken;
    base.eosToken = config.eosToken;
    base.padToken = config.padToken;
    base.unkToken = config.unkToken;
    return [tmpl, base](const nlohmann::ordered_json& messages, bool addGenerationPrompt) {
        ChatRenderOptions options = base;
        options.addGenerationPrompt = addGenerationPrompt;
        return tmpl->render(messages, options);
    };
}

}  // namespace ts::train
