#pragma once
// Candidate answers mined from CoTempQA facts by the relation templates of
// the CoTempQA paper's official metric (METHOD.md 4.1): the first relation
// keyword found in a fact picks its template list, the fact is rewritten to
// the present tense (was->is, held->holds, worked->works, played->plays), and
// the first template that matches at the start of the fact yields its
// subject (group 1) or object (group 2). Regexes run on PCRE2 (UTF mode,
// newline LF, anchored), which matches Python's re.match for these patterns.
#include <string>
#include <string_view>
#include <vector>

namespace ts {

// Whether the metric takes group 1 (the subject) of a matched template. The
// original code sets this when "S2_R1_O1" is NOT in triple_element - the flag
// reads inverted relative to its name, and we keep that behaviour.
bool cotempqaTakesSubject(std::string_view tripleElement);

// The lower-cased candidate of each fact that a template matches, in fact
// order (facts matching no template contribute nothing). Throws ts::Error for
// a fact that is not valid UTF-8.
std::vector<std::string> cotempqaFactCandidates(const std::vector<std::string>& facts,
                                                bool takeSubject);

}  // namespace ts
