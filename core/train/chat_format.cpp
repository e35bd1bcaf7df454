#include "core/train/chat_format.h"

#include "core/train/template_renderer.h"

namespace ts::train {

ChatRenderer chatRendererForModel(const std::filesystem::path& modelDir) {
    JsonChatRenderer render = loadTemplateRenderer(modelDir);
    return [render](const std::vector<ChatMessage>& messages, bool addGenerationPrompt) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto& m : messages) list.push_back({{"role", m.role}, {"content", m.content}});
        return render(list, addGenerationPrompt);
    };
}

}  // namespace ts::train
