#include "core/model/tokenizer/pre_tokenizer.h"

#include "core/util/error.h"

namespace ts {

PreTokenizer::PreTokenizer(const std::vector<PreTokenizerStep>& specs) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
        Step step;
        try {
            if (const auto* s = std::get_if<SplitStep>(&specs[i])) {
                splitters_.emplace_back(s->pattern, s->isRegex);
                step.behavior = s->behavior;
                step.invert = s->invert;
                step.splitter = &splitters_.back();
            } else {
                const auto& b = std::get<ByteLevelStep>(specs[i]);
                step.prefixSpace = b.addPrefixSpace;
                if (b.useRegex) {
                    splitters_.emplace_back(kGpt2SplitPattern, true);
                    step.splitter = &splitters_.back();
                }
            }
        } catch (const Error& e) {
            throw e.withKey("pre_tokenizer (step " + std::to_string(i) + ")");
        }
        steps_.push_back(step);
    }
}

void PreTokenizer::applySplit(const Step& step, std::string_view piece,
                              std::vector<std::string_view>& out) const {
    thread_local std::vector<std::pair<std::size_t, std::size_t>> matches;
    matches.clear();
    step.splitter->findMatches(piece, matches);
    if (step.invert) {
        // The gaps between matches become the "matches".
        std::vector<std::pair<std::size_t, std::size_t>> gaps;
        std::size_t prev = 0;
        for (const auto& [b, e] : matches) {
            if (b > prev) gaps.emplace_back(prev, b);
            prev = e;
        }
        if (prev < piece.size()) gaps.emplace_back(prev, piece.size());
        matches.swap(gaps);
    }
    auto emit = [&](std::size_t b, std::size_t e) {
        if (e > b) out.push_back(piece.substr(b, e - b));
    };
    std::size_t prev = 0;
    switch (step.behavior) {
        case SplitBehavior::Isolated:
            for (const auto& [b, e] : matches) {
                emit(prev, b);
                emit(b, e);
                prev = e;
            }
            emit(prev, piece.size());
            break;
        case SplitBehavior::Removed:
            for (const auto& [b, e] : matches) {
                emit(prev, b);
                prev = e;
            }
            emit(prev, piece.size());
            break;
        case SplitBehavior::MergedWithPrevious:
            for (const auto& [b, e] : matches) {
                emit(prev, e);
                prev = e;
            }
            emit(prev, piece.size());
            break;
        case SplitBehavior::MergedWithNext:
            for (const auto& [b, e] : matches) {
                emit(prev, b);
                prev = b;
            }
            emit(prev, piece.size());
            break;
    }
}

void PreTokenizer::run(std::string_view text, std::vector<std::string_view>& pieces,
                       std::deque<std::string>& storage) const {
    pieces.clear();
    if (!text.empty()) pieces.push_back(text);
    thread_local std::vector<std::string_view> next;
    for (const Step& step : steps_) {
        if (step.prefixSpace) {
            for (auto& p : pieces) {
                if (p.front() == ' ') continue;
                storage.push_back(" " + std::string(p));
                p = storage.back();
            }
        }
        if (!step.splitter) continue;
        next.clear();
        for (std::string_view p : pieces) applySplit(step, p, next);
        pieces.swap(next);
    }
}

}  // namespace ts
