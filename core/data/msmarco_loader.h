#pragma once
// MS MARCO QA (Nguyen et al. 2016) in its three published layouts:
//   - the Hugging Face `datasets` layout: records whose `passages` is a dict of
//     parallel lists {is_selected, passage_text, url} (JSON array or Lines);
//   - the original v1.1 / v2.1 records: `passages` is a list of
//     {is_selected, url, passage_text} objects (JSON array or Lines);
//   - the column-oriented v2.1 file: {"query": {"0": ...}, "passages":
//     {"0": [...]}, "answers": ..., "query_type": ..., "query_id": ...,
//     "wellFormedAnswers": ...}.
#include <filesystem>
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/data/load_options.h"

namespace ts {

// Items: id "marco/<query_id>", context = passages (sourceId = position),
// gold answers = answers ("No Answer Present." kept), gold label = the upper-
// cased query type, meta {query_id, query_type, is_selected, urls,
// well_formed_answers, gold_passage_rule}. Split from the file name.
Dataset loadMsMarcoFile(const std::filesystem::path& path, const LoadOptions& options = {});

// The paper's gold passage: the one sharing the most words with answer
// (ASCII lower-case, whitespace tokens, set intersection); ties go to the
// earliest passage. -1 when there are no passages.
int maxWordOverlapPassage(const std::vector<std::string>& passages, const std::string& answer);

}  // namespace ts
