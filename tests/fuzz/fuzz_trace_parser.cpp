// The tolerant trace parser (and the strict and legacy-free scoring on top):
// never crashes, and every span it reports lies inside the prediction and
// every citation names an existing context unit. The first byte picks the
// dataset's vocabulary; the rest is the prediction, or, when it holds a NUL,
// context units (one per line) then the prediction, so the matcher sees
// hostile context too.
#include "core/score/scoring_rule.h"
#include "core/score/strict_rule.h"
#include "core/score/trace_parser.h"
#include "core/util/text.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

ts::Item fixedItem() {
    ts::Item item;
    item.id = "equal/1";
    item.question = "While Fritz John was working for Aberdeen Proving Ground, where did Herbert work?";
    item.context = {{"Fritz John works for Aberdeen Proving Ground from 1943 to 1945.", -1},
                    {"Herbert Federer works for Aberdeen Proving Ground from 1944 to 1945.", -1},
                    {"Mary moved to the bathroom.", 1},
                    {"['quoted', \"list\"]", 2}};
    item.goldAnswers = {"Aberdeen Proving Ground", "bathroom"};
    item.goldLabel = "equal";
    item.goldRetrieval = {1, 2};
    return item;
}

void checkSpan(const ts::TextSpan& s, std::size_t size) {
    if (s.begin > s.end || s.end > size) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    constexpr ts::DatasetKind kinds[] = {ts::DatasetKind::CoTempQA, ts::DatasetKind::Babi,
                                         ts::DatasetKind::MsMarco, ts::DatasetKind::Generic};
    const ts::DatasetKind kind = kinds[data[0] % 4];
    const auto parts = ts::fuzz::splitAtNul(ts::fuzz::asText(data + 1, size - 1));
    ts::Item item = fixedItem();
    std::string_view prediction = parts.first;
    if (parts.hasSecond) {
        item.context.clear();
        item.goldRetrieval.clear();
        for (const auto& line : ts::split(parts.first, '\n')) {
            if (!line.empty() && line[0] == '*') item.goldRetrieval.push_back(int(item.context.size()));
            item.context.push_back({line, int(item.context.size())});
        }
        prediction = parts.second;
    }
    ts::fuzz::expectCleanErrors([&] {
        const ts::TraceVocabulary vocabulary = ts::traceVocabularyFor(kind);
        const ts::ParsedTrace p = ts::parseTrace(prediction, vocabulary, item);
        const std::size_t n = prediction.size();
        if (p.residueEnd > n) __builtin_trap();
        checkSpan(p.trace, n);
        checkSpan(p.labelSpan, n);
        checkSpan(p.retrievalRegion, n);
        checkSpan(p.answerSpan, n);
        for (const auto& c : p.cited) {
            checkSpan(c.span, n);
            if (c.contextIndex < 0 || std::size_t(c.contextIndex) >= item.context.size()) __builtin_trap();
        }
        for (const auto& u : p.unmatched) checkSpan(u.span, n);
        ts::StrictRule strict;
        (void)ts::scoreItem(strict, kind, vocabulary, item, prediction);
    });
    return 0;
}
