#include "core/score/error_taxonomy.h"

#include <algorithm>

#include "core/data/python_literal.h"
#include "core/score/answer_errors.h"
#include "core/score/citation_similarity.h"
#include "core/score/trace_parser.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

namespace {

constexpr std::size_t kClip = 200;

bool equalsNoCase(std::string_view a, std::string_view b) {
    return toLowerAscii(a) == toLowerAscii(b);
}

void add(std::vector<ItemError>& out, ErrorType type, nlohmann::json detail) {
    out.push_back({type, std::move(detail)});
}

void classErrors(const TaxonomyInput& in, std::vector<ItemError>& out) {
    const ItemVerdict& v = in.verdict;
    if (v.classStep != StepVerdict::Wrong) return;
    const std::string& gold = v.evidence.goldLabel;
    std::string canonical;
    const LabelReading reading = readLabel(v.predictedLabel, in.labels, &canonical);
    if (reading == LabelReading::None)
        add(out, ErrorType::ClassNoLabel,
            {{"parse", std::string(toString(v.parse))}, {"gold", gold}});
    else if (equalsNoCase(v.predictedLabel, gold))
        add(out, ErrorType::ClassMisread,
            {{"label", v.predictedLabel},
             {"gold", gold},
             {"segment", clipUtf8(v.evidence.classSegment, kClip)}});
    else if (reading == LabelReading::NotInDataset)
        add(out, ErrorType::ClassNotInDataset,
            {{"label", clipUtf8(v.predictedLabel, kClip)}, {"gold", gold}});
    else
        add(out, ErrorType::ClassOtherLabel, {{"label", canonical}, {"gold", gold}});
}

void goldOmitted(const TaxonomyInput& in, std::vector<ItemError>& out) {
    const ItemVerdict& v = in.verdict;
    if (v.goldCount == 0 || v.goldCited >= v.goldCount) return;
    nlohmann::json omitted = nlohmann::json::array();
    for (const int g : in.item.goldRetrieval) {
        const bool cited = std::any_of(v.cited.begin(), v.cited.end(),
                                       [&](const CitedUnit& c) { return c.contextIndex == g; });
        if (!cited) omitted.push_back(g);
    }
    add(out, ErrorType::GoldOmitted,
        {{"omitted", v.goldCount - v.goldCited}, {"gold", v.goldCount}, {"units", omitted}});
}

void nonGoldCited(const ItemVerdict& v, std::vector<ItemError>& out) {
    nlohmann::json units = nlohmann::json::array();
    for (const CitedUnit& c : v.cited)
        if (!c.gold) units.push_back(c.contextIndex);
    if (!units.empty())
        add(out, ErrorType::NonGoldCited, {{"count", units.size()}, {"units", units}});
}

bool isGold(const Item& item, int index) {
    return std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), index) !=
           item.goldRetrieval.end();
}

// Each unmatched citation against every unit: below the threshold it is
// hallucinated, at or above it altered.
void unmatchedCitations(const TaxonomyInput& in, std::vector<ItemError>& out) {
    nlohmann::json hallucinated = nlohmann::json::array(), altered = nlohmann::json::array();
    for (const UnmatchedCitation& u : in.verdict.unmatched) {
        const BestUnitMatch best = bestUnitMatch(u.text, in.item);
        nlohmann::json c = {{"text", clipUtf8(u.text, kClip)},
                            {"span", {u.span.begin, u.span.end}},
                            {"best_unit", best.contextIndex},
                            {"best_unit_gold", isGold(in.item, best.contextIndex)},
                            {"similarity", best.similarity}};
        (best.similarity < kHallucinationThreshold ? hallucinated : altered).push_back(c);
    }
    for (auto [type, list] : {std::pair{ErrorType::HallucinatedCitation, &hallucinated},
                              std::pair{ErrorType::AlteredCitation, &altered}})
        if (!list->empty())
            add(out, type,
                {{"count", list->size()},
                 {"threshold", kHallucinationThreshold},
                 {"citations", *list}});
}

void citationShape(const TaxonomyInput& in, std::vector<ItemError>& out) {
    const ParsedTrace parsed = parseTrace(in.prediction, traceVocabularyFor(in.kind), in.item);
    const TextSpan r = parsed.retrievalRegion;
    const std::string_view region = r.end <= in.prediction.size()
                                        ? in.prediction.substr(r.begin, r.length())
                                        : std::string_view();
    if (!citationRegionParses(region))
        add(out, ErrorType::CitationUnparsable,
            {{"region", clipUtf8(trimView(region), kClip)}, {"span", {r.begin, r.end}}});
    const ItemVerdict& v = in.verdict;
    if (v.goldCount > 0 && v.cited.empty() && v.unmatched.empty())
        add(out, ErrorType::NothingCited, {{"gold", v.goldCount}});
}

void retrievalErrors(const TaxonomyInput& in, std::vector<ItemError>& out) {
    const ItemVerdict& v = in.verdict;
    if (v.retrievalStep == StepVerdict::Unevaluated) return;
    if (hasNoTrace(v.parse)) {
        add(out, ErrorType::NoTrace, {{"parse", std::string(toString(v.parse))}});
        return;
    }
    if (!in.citationsKnown) return;
    goldOmitted(in, out);
    nonGoldCited(v, out);
    unmatchedCitations(in, out);
    citationShape(in, out);
}

template <typename Parse>
bool somePrefixParses(std::string_view r, char close, Parse parse) {
    for (std::size_t k = 1; k < r.size(); ++k) {
        if (r[k] != close) continue;
        try {
            parse(r.substr(0, k + 1));
            return true;
        } catch (const Error&) {
        }
    }
    return false;
}

}  // namespace

LabelReading readLabel(std::string_view predicted, const std::vector<std::string>& labels,
                       std::string* canonical) {
    const std::string_view label = trimView(predicted);
    if (label.empty()) return LabelReading::None;
    for (const std::string& known : labels) {
        if (equalsNoCase(label, known)) {
            if (canonical) *canonical = known;
            return LabelReading::Known;
        }
    }
    if (canonical) *canonical = std::string(label);
    return LabelReading::NotInDataset;
}

bool citationRegionParses(std::string_view region) {
    const std::string_view r = trimView(region);
    if (r.empty()) return true;
    if (r.front() == '[')
        return somePrefixParses(r, ']', [](std::string_view s) { parsePythonStringList(s); });
    if (r.front() == '\'' || r.front() == '"')
        return somePrefixParses(r, r.front(), [](std::string_view s) { parsePythonString(s); });
    return true;
}

std::vector<ItemError> classifyErrors(const TaxonomyInput& in) {
    std::vector<ItemError> out;
    classErrors(in, out);
    retrievalErrors(in, out);
    addAnswerErrors(in, out);
    return out;
}

}  // namespace ts
