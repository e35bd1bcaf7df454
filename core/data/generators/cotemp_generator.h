#pragma once
// A small CoTempQA-style generator (the project's own; no CoTempQA text is
// copied): invented people hold positions, belong to parties and work for
// employers over year intervals, and each question asks what else held at the
// same time. The class (equal, overlap, during, mix) is the temporal relation
// between the question's interval and the answers' intervals, as in CoTempQA;
// every distractor fact of the asked relation is disjoint in time from the
// question's interval, so the gold answers are exactly determined.
//
// Facts use CoTempQA's phrasing ("X holds the position of Y from A to B.",
// "X is a member of the Z from A to B.", "X works for E in A.") so the
// CoTempQA answer metric's relation templates apply.
#include <cstdint>
#include <string>
#include <vector>

namespace ts {

class SeededRng;

struct CoTempRecord {
    std::int64_t index = 0;
    std::string tripleElement;  // S1_R1_O2, S1_R2_O2 or S2_R1_O1
    std::string question;
    std::vector<std::string> facts;
    std::vector<std::string> answer;
};

// The four classes, in CoTempQA's file names.
const std::vector<std::string>& coTempClasses();

// `count` records of one class, indexed 0..count-1. Throws ts::Error for an
// unknown class or a non-positive count.
std::vector<CoTempRecord> generateCoTempRecords(const std::string& cls, int count, SeededRng& rng);

// One JSON Lines record as in CoTempQA's files:
// {"index", "triple_element", "question", "facts", "answer"}.
std::string coTempRecordJson(const CoTempRecord& record);

}  // namespace ts
