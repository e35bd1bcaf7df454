#include "core/data/loader_support.h"

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

std::string splitFromFileName(const std::filesystem::path& path) {
    if (fileStemHasWord(path, "train")) return "train";
    if (fileStemHasWord(path, "test") || fileStemHasWord(path, "eval")) return "test";
    for (const char* w : {"val", "valid", "validation", "dev"})
        if (fileStemHasWord(path, w)) return "val";
    return "";
}

}  // namespace ts
