#pragma once
// bAbI v1.2 QA task files (Weston et al. 2015), "qaN_<task-name>_<split>.txt":
// numbered story lines "N text", question lines
// "N question?<TAB>answer<TAB>supporting ids"; N restarts at 1 per story.
#include <filesystem>
#include <string>

#include "core/data/item.h"
#include "core/data/load_options.h"

namespace ts {

struct BabiFileName {
    int task = 0;          // 1..20
    std::string taskName;  // "single-supporting-fact", ...
    std::string split;     // "train" / "test"
};

// Parses "qa3_three-supporting-facts_test.txt"; throws ts::Error when the
// name has another shape or the task name does not match the task number.
BabiFileName parseBabiFileName(const std::filesystem::path& path);

// One task file. Items (see LoadOptions::babiItems) have
//   id       "qa<task>/<split>/<story number>/<question line number>"
//   context  the story's statement lines before the question, sourceId = the
//            bAbI line number
//   meta     task, task_name, supporting_ids (bAbI line numbers as written),
//            story (1-based story number in the file), line (the question's
//            bAbI line number), file_line (its line in the file)
// and the gold answer as written ("apple,football" stays one string).
Dataset loadBabiFile(const std::filesystem::path& path, const LoadOptions& options = {});

}  // namespace ts
