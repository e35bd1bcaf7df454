#include "core/train/model_files.h"

#include "core/util/file_io.h"

namespace ts::train {

const std::vector<std::string>& tokenizerFileNames() {
    static const std::vector<std::string> names = {"tokenizer.json", "tokenizer_config.json",
                                                   "chat_template.jinja", "special_tokens_map.json",
                                                   "generation_config.json"};
    return names;
}

std::vector<std::string> copyTokenizerFiles(const std::filesystem::path& from,
                                            const std::filesystem::path& to) {
    std::vector<std::string> copied;
    if (from.empty()) return copied;
    std::filesystem::create_directories(to);
    for (const auto& name : tokenizerFileNames()) {
        if (!std::filesystem::is_regular_file(from / name)) continue;
        writeFileAtomic(to / name, readFile(from / name));
        copied.push_back(name);
    }
    return copied;
}

}  // namespace ts::train
