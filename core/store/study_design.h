#pragma once
// The design of a human rating study (the paper's v2 interpretability study):
// which (item, trace) pairs each participant rates, and in what order. Pure:
// the sequence follows from the study's seed, its items, its arms (one run per
// trace type compared) and the participant's slot, so every copy of a project
// gives a participant the same sequence and sessions resume anywhere.
//
//   - Balanced (a Latin square over items): the participant in slot p sees the
//     item at position i with arm (i + p) mod A. Every participant sees every
//     item once and every arm equally often (the item count is a multiple of
//     A), and over A consecutive slots every (item, arm) pair is rated once.
//   - Blinded: a trial names its arm, never its trace type; the rating view
//     shows only the question, the context and the trace.
//   - Randomised and counterbalanced: the trials are cut into blocks of A, one
//     per arm, and both the blocks and the trials within each block are
//     shuffled with a stream seeded by (study seed, slot), so no arm clusters
//     at the start or the end of a session (a fatigued rater's last ratings
//     fall on every arm alike).
#include <cstdint>
#include <string>
#include <vector>

namespace ts::store {

struct StudyTrial {
    std::size_t position = 0;  // the item's position in the study
    int arm = 0;
};

// The trials of the participant in `slot`, in the order they are shown.
// Throws ts::Error when arms < 1 or the item count is not a positive multiple
// of arms.
std::vector<StudyTrial> participantSequence(std::uint64_t seed, std::size_t items, int arms,
                                            int slot);

// The label of each arm in reports, exports and the study CSV: its trace
// type when no other arm has the same one, else "<trace type> (<run name>)".
std::vector<std::string> armLabels(const std::vector<std::string>& traceTypes,
                                   const std::vector<std::string>& runNames);

}  // namespace ts::store
