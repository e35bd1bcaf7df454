#pragma once
// Findings: the items, tables and charts a researcher pins to show in a lab
// meeting, in their order, each with a free-text note. Stored in the project
// (schema version 3) and read back live: a pinned table is recounted from the
// verdicts under the rule it was pinned with, so a report shows the project
// as it is now. Every change is its own transaction.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/score/verdict.h"
#include "core/store/project.h"
#include "core/store/verdict_rule.h"

namespace ts::store {

enum class FindingKind { Item, Tables, Chart };
std::string_view toString(FindingKind k);  // "item", "tables", "chart"
std::optional<FindingKind> parseFindingKind(std::string_view name);

struct Finding {
    long long id = 0;  // 0 until stored
    int position = 0;  // 0-based order in the report
    FindingKind kind = FindingKind::Item;
    long long runId = 0;
    std::string runName;  // filled when read
    std::string itemId;   // Item::id, for kind Item
    VerdictView view;     // the rule it was pinned under
    RetrievalMode mode = RetrievalMode::All;
    std::string chart;  // kind Chart: "conditional" (P(answer ok | trace) over runs) or "labels"
    std::string title;
    std::string note;
    std::string createdAt;
};

// Appends at the end; returns the id. Throws ts::Error for an unknown run or
// item, or a chart name other than "conditional" / "labels".
long long addFinding(Project& project, const Finding& finding);
std::vector<Finding> listFindings(Project& project);  // in report order
void setFindingNote(Project& project, long long id, const std::string& note);
// Moves a finding to newPosition (0-based, clamped), shifting the others.
void moveFinding(Project& project, long long id, int newPosition);
void removeFinding(Project& project, long long id);

}  // namespace ts::store
