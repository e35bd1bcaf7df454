#include "core/store/study_design.h"

#include <string_view>

#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"

namespace ts::store {

std::vector<StudyTrial> participantSequence(std::uint64_t seed, std::size_t items, int arms,
                                            int slot) {
    if (arms < 1) throw Error("a study needs at least one arm (a run to rate)");
    const auto a = static_cast<std::size_t>(arms);
    if (items == 0 || items % a != 0)
        throw Error("a study of " + std::to_string(arms) + " arms needs a positive multiple of " +
                    std::to_string(arms) + " items (it has " + std::to_string(items) +
                    "), so that every participant sees each arm equally often");
    if (slot < 0) throw Error("a participant's slot cannot be negative");
    // Latin square: item i gets arm (i + slot) mod A. Group by arm so each
    // block can take one trial of every arm.
    std::vector<std::vector<StudyTrial>> byArm(a);
    for (std::size_t i = 0; i < items; ++i) {
        const int arm = static_cast<int>((i + static_cast<std::size_t>(slot)) % a);
        byArm[static_cast<std::size_t>(arm)].push_back({i, arm});
    }
    SeededRng rng = SeededRng::forItem(seed, "participant-" + std::to_string(slot), "sequence");
    for (auto& trials : byArm) rng.shuffle(trials);
    const std::size_t blocks = items / a;
    std::vector<std::vector<StudyTrial>> block(blocks);
    for (std::size_t b = 0; b < blocks; ++b) {
        for (std::size_t k = 0; k < a; ++k) block[b].push_back(byArm[k][b]);
        rng.shuffle(block[b]);
    }
    rng.shuffle(block);
    std::vector<StudyTrial> out;
    out.reserve(items);
    for (const auto& b : block) out.insert(out.end(), b.begin(), b.end());
    return out;
}

std::vector<std::string> armLabels(const std::vector<std::string>& traceTypes,
                                   const std::vector<std::string>& runNames) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < traceTypes.size(); ++i) {
        std::size_t same = 0;
        for (const auto& t : traceTypes) same += t == traceTypes[i] ? 1 : 0;
        labels.push_back(same == 1 ? traceTypes[i] : traceTypes[i] + " (" + runNames[i] + ")");
    }
    return labels;
}

}  // namespace ts::store
