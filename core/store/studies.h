#pragma once
// Human rating studies stored in the project (schema version 5): a study
// compares arms (one run each, usually one per trace type) on chosen items;
// participants, identified by an ID, rate each (item, trace) pair of their
// blinded sequence (study_design.h) on two 1-5 Likert scales, interpretability
// and cognitive load, with an optional comment and the time spent. The CLI's
// `study` commands and the workbench's rating view both go through here.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/score/trace_type.h"
#include "core/store/project.h"
#include "core/store/study_design.h"

namespace ts::store {

struct StudySpec {
    std::string name;
    std::uint64_t seed = 1;
    std::vector<std::string> runs;          // one arm each, in this order; all of one dataset
    std::vector<std::string> itemKeys;      // the items; empty: `itemCount` drawn with the seed
    std::size_t itemCount = 0;              // from the items every run answered
    std::vector<std::string> participants;  // registered now, in slot order (more can join)
};

struct StudyArm {
    int arm = 0;
    long long runId = 0;
    std::string runName;
    TraceType traceType = TraceType::RuleBased;
    std::string label;  // armLabels(): what reports and the CSV call the arm
};

struct StudyItem {
    long long itemId = 0;
    std::string itemKey;
};

struct Study {
    long long id = 0;
    std::string name;
    std::uint64_t seed = 0;
    std::vector<StudyArm> arms;
    std::vector<StudyItem> items;           // by position
    std::vector<std::string> participants;  // by slot
    std::optional<int> slotOf(const std::string& participant) const;
};

struct StudyRating {
    std::string participant;
    std::string itemKey;
    int arm = 0;
    int interpretability = 0;  // 1-5
    int cognitiveLoad = 0;     // 1-5
    std::string comment;
    double seconds = 0.0;  // time on the item
    bool operator==(const StudyRating&) const = default;
};

// One trial of a participant's sequence, resolved to the stored item and run.
struct ParticipantTrial {
    std::size_t index = 0;  // 0-based place in the sequence
    StudyItem item;
    const StudyArm* arm = nullptr;  // into the Study it came from
};

// Creates the study in one transaction. Throws ts::Error for a taken name,
// an unknown run, runs of different datasets, an item some run did not
// answer, an item count that is not a positive multiple of the arm count, or
// a repeated participant ID.
Study createStudy(Project& project, const StudySpec& spec);
Study loadStudy(Project& project, const std::string& name);  // throws when absent
std::vector<std::string> listStudies(Project& project);

// The participant's slot; an unknown ID joins the study with the next slot.
int joinStudy(Project& project, Study& study, const std::string& participant);
std::vector<ParticipantTrial> participantTrials(const Study& study, int slot);

// Stores (or replaces) one rating. Throws ts::Error when the participant has
// not joined, the item is not in the study, the arm is not the one the
// participant's sequence shows for that item, or a rating is outside 1-5.
void saveRating(Project& project, const Study& study, const StudyRating& rating);
std::vector<StudyRating> loadRatings(Project& project, const Study& study);

// What the rating view shows of a trial: the question, the context units and
// the trace (the think block of the arm's prediction; the whole text when it
// has none). Nothing that names the arm or its trace type.
struct TrialContent {
    std::string question;
    std::vector<std::string> context;
    std::string trace;
};
TrialContent trialContent(Project& project, const ParticipantTrial& trial);

}  // namespace ts::store
