#pragma once
// NLTK's word_tokenize (nltk.tokenize.word_tokenize, English), which the
// paper's MS MARCO script used to choose each record's gold passage: Punkt
// sentences (punkt_sentences.h), then NLTKWordTokenizer - the improved Penn
// Treebank rules - on each sentence. The Treebank rules are the same regular
// expressions in the same order (PCRE2 in UTF + UCP mode, so \w, \d, \s and
// \b are Unicode as in Python's re); docs/formats.md lists where the result
// can still differ from Python.
#include <string>
#include <string_view>
#include <vector>

namespace ts {

// NLTKWordTokenizer().tokenize(sentence): quotes, punctuation, brackets,
// clitics ("n't", "'s", "'ll") and the sentence-final period split off.
std::vector<std::string> nltkTreebankWords(std::string_view sentence);

// word_tokenize(text): the words of every Punkt sentence, in order. The
// sentence splitter is exact for lower-cased text only (what the paper fed it).
std::vector<std::string> nltkWordTokenize(std::string_view text);

}  // namespace ts
