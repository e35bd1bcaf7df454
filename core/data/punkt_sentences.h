#pragma once
// The sentence step of NLTK's word_tokenize: the Punkt sentence tokenizer
// (Kiss & Strunk 2006) with NLTK's pre-trained English model, reduced to the
// decisions that can happen on lower-cased text - which is all the paper's
// MS MARCO script gave it (word_tokenize(passage.lower())):
//   - a candidate break is a '.', '?' or '!' followed by closing punctuation
//     or by whitespace and a token (Punkt's period context);
//   - '?' and '!' always end a sentence; a word ending in '.' does unless it
//     is one of the model's abbreviations ("u.s.", "inc.", "dr.", ...), an
//     ellipsis, or an initial or a number followed by a word the model has
//     seen capitalised (nearly every word; lower-case text cannot start a
//     sentence after them) or by punctuation, or a known collocation;
//   - closing quotes and brackets after the break move to the sentence before.
// The model's orthographic evidence for capitalised words, which decides
// only for text with capitals, is not carried.
#include <string_view>
#include <vector>

namespace ts {

// The sentences of text as views into it, in order (Punkt's span_tokenize
// with realigned boundaries; trailing whitespace dropped).
std::vector<std::string_view> punktSentences(std::string_view text);

}  // namespace ts
