#pragma once
// The options that choose whose verdicts a command reads: --rule
// strict|legacy|human with --annotator NAME (human only), and how items
// without a trace count (--missing-trace wrong|exclude). One place, so every
// command spells and checks them the same way.
#include "app/cli/args.h"
#include "core/score/verdict.h"
#include "core/store/verdict_rule.h"

namespace ts::cli {

inline void addRuleOptions(ArgParser& p) {
    p.option("--rule", "RULE",
             "strict, legacy or human (the strict verdicts with the annotators' overrides laid "
             "over them)",
             "strict")
        .option("--annotator", "NAME",
                "human rule: only this annotator's overrides count (default: per step, the "
                "annotators' majority)");
}

inline store::VerdictView verdictViewOf(const ParsedArgs& a) {
    const auto rule = store::parseVerdictRule(a.get("--rule"));
    if (!rule)
        throw UsageError("unknown --rule '" + a.get("--rule") + "' (strict, legacy or human)");
    if (a.has("--annotator") && *rule != store::VerdictRule::Human)
        throw UsageError("--annotator applies to --rule human");
    return {*rule, a.find("--annotator").value_or("")};
}

inline void addMissingTraceOption(ArgParser& p) {
    p.option("--missing-trace", "HOW",
             "an item without a trace counts as a wrong step (wrong) or is left out of the step "
             "tables but "
             "kept in the answer accuracy (exclude, as the paper's scripts did)",
             "wrong");
}

inline MissingTrace missingTraceOf(const ParsedArgs& a) {
    const auto m = parseMissingTrace(a.get("--missing-trace"));
    if (!m)
        throw UsageError("unknown --missing-trace '" + a.get("--missing-trace") +
                         "' (wrong or exclude)");
    return *m;
}

}  // namespace ts::cli
