#include "core/score/answer_metrics.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/score/cotempqa_candidates.h"
#include "core/util/python_text.h"
#include "core/util/text.h"

namespace ts {
namespace {

constexpr std::string_view kAsciiPunctuation = R"(!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~)";

// split(marker)[1] of text: [first occurrence end, second occurrence or end).
bool secondPiece(std::string_view text, std::string_view marker, std::size_t& begin,
                 std::size_t& end) {
    const std::size_t at = text.find(marker);
    if (at == std::string_view::npos) return false;
    begin = at + marker.size();
    const std::size_t next = text.find(marker, begin);
    end = next == std::string_view::npos ? text.size() : next;
    return true;
}

// Maps a byte offset of pythonLower(original) back to the original. Lower-
// casing changes byte lengths only for a handful of code points, so this
// slow path runs only when the lengths differ.
std::size_t originalOffset(std::string_view original, std::size_t loweredOffset) {
    std::size_t i = 0, lowered = 0;
    while (i < original.size() && lowered < loweredOffset) {
        const std::size_t start = i;
        decodeUtf8(original, i);
        lowered += pythonLower(original.substr(start, i - start)).size();
    }
    return i;
}

std::vector<std::string> lowered(const std::vector<std::string>& v) {
    std::vector<std::string> out;
    out.reserve(v.size());
    for (const auto& s : v) out.push_back(pythonLower(s));
    return out;
}

// Python str.replace(needle, "") (a no-op for an empty needle).
void eraseAll(std::string& s, std::string_view needle) {
    replaceAll(s, needle, "");
}

bool containsText(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

}  // namespace

std::string_view toString(AnswerSource source) {
    switch (source) {
        case AnswerSource::AnswerTag:
            return "answer-tag";
        case AnswerSource::BeforePromptEcho:
            return "before-prompt-echo";
        case AnswerSource::AfterAnswerWord:
            return "after-answer-word";
        case AnswerSource::AfterAnswerColon:
            return "after-answer-colon";
        case AnswerSource::WholeText:
            return "whole-text";
    }
    return "?";
}

ExtractedAnswer extractPaperAnswer(std::string_view prediction) {
    const std::string lower = pythonLower(prediction);
    const std::string_view view = lower;
    ExtractedAnswer out;
    std::size_t begin = 0, end = lower.size();
    if (secondPiece(view, "<answer>", begin, end)) {
        const std::size_t close = view.substr(begin, end - begin).find("</answer>");
        if (close != std::string_view::npos) end = begin + close;
        out.source = AnswerSource::AnswerTag;
    } else if (const std::size_t echo = view.find("answer the question based on");
               echo != std::string_view::npos) {
        begin = 0;
        end = echo;
        out.source = AnswerSource::BeforePromptEcho;
    } else if (secondPiece(view, " answer ", begin, end)) {
        out.source = AnswerSource::AfterAnswerWord;
    } else if (secondPiece(view, "answer:", begin, end)) {
        out.source = AnswerSource::AfterAnswerColon;
    }
    out.text = lower.substr(begin, end - begin);
    eraseAll(out.text, "assistant");
    eraseAll(out.text, "think");
    if (lower.size() == prediction.size()) {
        out.span = {begin, end};
    } else {
        out.span = {originalOffset(prediction, begin), originalOffset(prediction, end)};
    }
    return out;
}

std::string normalizeAnswer(std::string_view s) {
    std::string lower = pythonLower(s);
    std::string kept;
    kept.reserve(lower.size());
    for (const char c : lower)
        if (kAsciiPunctuation.find(c) == std::string_view::npos) kept.push_back(c);
    return collapsePythonWhitespace(kept);
}

AnswerScore compareAnswerSets(const std::vector<std::string>& predicted,
                              const std::vector<std::string>& gold) {
    auto prepare = [](const std::vector<std::string>& raw) {
        const std::set<std::string> unique(raw.begin(), raw.end());
        std::vector<std::string> out;
        out.reserve(unique.size());
        for (const auto& s : unique) out.push_back(normalizeAnswer(s));
        std::sort(out.begin(), out.end());  // byte order = Python's code-point order
        return out;
    };
    AnswerScore score;
    score.predicted = prepare(predicted);
    score.gold = prepare(gold);
    score.exactMatch = score.predicted == score.gold;

    std::map<std::string_view, long> goldCounts;
    for (const auto& g : score.gold) ++goldCounts[g];
    long common = 0;
    for (const auto& p : score.predicted) {
        auto it = goldCounts.find(p);
        if (it != goldCounts.end() && it->second > 0) {
            --it->second;
            ++common;
        }
    }
    if (common == 0) return score;
    score.precision = double(common) / double(score.predicted.size());
    score.recall = double(common) / double(score.gold.size());
    score.f1 = (2 * score.precision * score.recall) / (score.precision + score.recall);
    return score;
}

AnswerScore scoreCoTempQaAnswer(const CoTempQaAnswerInput& in) {
    const std::vector<std::string> golds = lowered(in.gold);
    std::string prediction = extractPaperAnswer(in.prediction).text;
    const std::string question = pythonLower(in.question);

    std::vector<std::string> candidates =
        cotempqaFactCandidates(in.facts, cotempqaTakesSubject(in.tripleElement));
    candidates.insert(candidates.end(), golds.begin(), golds.end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    // Longest first (code points); the byte order of equal lengths stays.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const std::string& a, const std::string& b) {
                         return codePointCount(a) > codePointCount(b);
                     });

    std::vector<std::string> picked;
    bool skippedQuestionEcho = false;
    for (const std::string& candidate : candidates) {
        if (!containsText(prediction, candidate)) continue;
        if (!skippedQuestionEcho && containsText(question, candidate)) {
            eraseAll(prediction, candidate);
            skippedQuestionEcho = true;
            continue;
        }
        picked.push_back(candidate);
        eraseAll(prediction, candidate);
    }
    if (picked.empty()) picked.push_back(prediction);
    return compareAnswerSets(picked, golds);
}

namespace {

// The whole-answer comparison on an already extracted text.
AnswerScore scoreWholeText(const std::string& text, const std::vector<std::string>& gold) {
    const std::vector<std::string> golds = lowered(gold);
    std::vector<std::string> picked;
    for (const auto& g : golds) {
        if (containsText(text, g)) {
            picked.push_back(text);
            break;
        }
    }
    return compareAnswerSets(picked, golds);
}

}  // namespace

AnswerScore scoreWholeAnswer(std::string_view prediction, const std::vector<std::string>& gold) {
    return scoreWholeText(extractPaperAnswer(prediction).text, gold);
}

AnswerScore scoreMarcoAnswer(std::string_view prediction, const std::vector<std::string>& gold) {
    const bool noAnswer =
        !gold.empty() && pythonLower(gold.front()).find("no answer present") != std::string::npos;
    const std::string lower = pythonLower(prediction);
    if (!noAnswer || lower.find("<answer>") != std::string::npos)
        return scoreWholeAnswer(prediction, gold);
    std::string text = lower;  // no <answer> tag: the whole prediction, nothing cut
    eraseAll(text, "assistant");
    eraseAll(text, "think");
    return scoreWholeText(text, gold);
}

AnswerScore scoreSquadAnswer(std::string_view prediction, const std::vector<std::string>& gold) {
    return compareAnswerSets({extractPaperAnswer(prediction).text}, gold);
}

AnswerScore scoreAnswer(DatasetKind kind, const Item& item, std::string_view prediction) {
    switch (kind) {
        case DatasetKind::CoTempQA: {
            const std::vector<std::string> facts = item.contextTexts();
            std::string triple;
            if (auto it = item.meta.find("triple_element");
                it != item.meta.end() && it->is_string())
                triple = it->get<std::string>();
            return scoreCoTempQaAnswer(
                {prediction, item.goldAnswers, item.question, facts, triple});
        }
        case DatasetKind::Babi:
            return scoreWholeAnswer(prediction, item.goldAnswers);
        case DatasetKind::MsMarco:
            return scoreMarcoAnswer(prediction, item.goldAnswers);
        case DatasetKind::Generic:
            return scoreSquadAnswer(prediction, item.goldAnswers);
    }
    return scoreSquadAnswer(prediction, item.goldAnswers);
}

void AnswerMetricTotals::add(const AnswerScore& score) {
    ++n_;
    em_ += score.exactMatch ? 1 : 0;
    f1_ += score.f1;
    p_ += score.precision;
    r_ += score.recall;
}

AnswerMetricSummary AnswerMetricTotals::summary() const {
    AnswerMetricSummary s;
    s.n = n_;
    if (n_ == 0) return s;
    const double n = double(n_);
    // Same operations, in the same order, as the original's Python.
    s.acc = pythonRound1(double(em_ * 100) / n);
    s.f1 = pythonRound1(f1_ * 100 / n);
    s.p = pythonRound1(p_ * 100 / n);
    s.r = pythonRound1(r_ * 100 / n);
    s.avg = pythonRound1((double(em_) + f1_) * 50 / n);
    return s;
}

}  // namespace ts
