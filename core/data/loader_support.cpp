#include "core/data/loader_support.h"

#include <functional>

#include "core/decompose/rule.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

void applyDecompositionRule(Item& item, DatasetKind kind, const std::string& file,
                            std::size_t line) {
    try {
        const DecompositionRule& rule = ruleFor(kind);
        item.goldLabel = rule.goldLabel(item);
        item.goldRetrieval = rule.goldRetrieval(item);
    } catch (const Error& e) {
        throw e.located(file, line);
    }
}

bool fileStemHasWord(const std::filesystem::path& path, const std::string& word) {
    const std::string stem = toLowerAscii(path.stem().string());
    const auto isAlnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    for (std::size_t pos = stem.find(word); pos != std::string::npos;
         pos = stem.find(word, pos + 1)) {
        const std::size_t end = pos + word.size();
        if ((pos == 0 || !isAlnum(stem[pos - 1])) && (end == stem.size() || !isAlnum(stem[end])))
            return true;
    }
    return false;
}

namespace {

std::string splitFromWords(const std::function<bool(const std::string&)>& hasWord) {
    if (hasWord("train")) return "train";
    if (hasWord("test") || hasWord("eval")) return "test";
    for (const char* w : {"val", "valid", "validation", "dev"})
        if (hasWord(w)) return "val";
    return "";
}

}  // namespace

std::string splitFromFileName(const std::filesystem::path& path) {
    const std::string fromName =
        splitFromWords([&](const std::string& w) { return fileStemHasWord(path, w); });
    if (!fromName.empty()) return fromName;
    // Folders such as cotempqa/train/equal.json (the sample data's layout).
    const std::string folder = toLowerAscii(path.parent_path().filename().string());
    return splitFromWords([&](const std::string& w) { return folder == w; });
}

}  // namespace ts
