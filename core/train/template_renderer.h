#pragma once
// The chat template of a model folder behind a signature free of message
// types: the engine's ts::ChatMessage (core/model/chat) and the SFT builder's
// ts::ChatMessage (core/decompose) are two declarations of one name and cannot
// meet in a translation unit, so only JSON crosses this boundary.
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace ts::train {

// messages: [{"role": ..., "content": ...}, ...]
using JsonChatRenderer = std::function<std::string(const nlohmann::ordered_json& messages, bool addGenerationPrompt)>;

// Throws ts::Error naming the folder when it has no chat template or it does not parse.
JsonChatRenderer loadTemplateRenderer(const std::filesystem::path& modelDir);

}  // namespace ts::train
