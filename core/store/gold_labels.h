#pragma once
// The gold labels (bAbI task, CoTempQA relation, MARCO query type) a list can
// be filtered by: every distinct label of the dataset a run answers, not only
// those of the rows on screen - a filtered list would otherwise offer just the
// label it is filtered by.
#include <string>
#include <vector>

#include "core/store/project.h"

namespace ts::store {

// Sorted (byte order), without the empty label. Throws ts::Error for an
// unknown run id.
std::vector<std::string> goldLabelsOfRun(Project& project, long long runId);

}  // namespace ts::store
