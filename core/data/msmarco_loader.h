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
// gold answers = answers ("No Answer Present." kept; may be empty), gold
// label = the upper-cased query type, meta {query_id, query_type,
// is_selected, urls, well_formed_answers, gold_passage_rule}. Gold passage
// per options.marcoRetrieval (the paper's overlap rule by default; none for
// an item without answers or whose answer is "No Answer Present.").
// Split from the file name.
Dataset loadMsMarcoFile(const std::filesystem::path& path, const LoadOptions& options = {});

// The paper's gold passage (marco_process_data_for_prompting.py): the first
// passage whose word overlap with answer is strictly larger than that of
// every passage before it, starting from 0, so ties keep the earliest
// passage; words = the set of nltk.word_tokenize(text.lower())
// (nltk_word_tokenizer.h). -1 when no passage shares a word with the answer
// (the paper's None, written as "[]" in its traces) or there are none.
int maxWordOverlapPassage(const std::vector<std::string>& passages, const std::string& answer);

// The overlap of each passage with answer: the number of distinct words
// (as above) the two share.
std::vector<std::size_t> wordOverlaps(const std::vector<std::string>& passages,
                                      const std::string& answer);

}  // namespace ts
