#include "core/data/nltk_word_tokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>

#include "core/data/punkt_sentences.h"
#include "core/util/error.h"
#include "core/util/python_text.h"
#include "core/util/text.h"

namespace ts {
namespace {

// One re.sub(pattern, replacement, text) of the tokenizer, in PCRE2 syntax
// ($1 for Python's \1, $0 for \g<0>).
struct Rewrite {
    const char* pattern;
    const char* replacement;
};

// NLTKWordTokenizer's rules in the order tokenize() applies them; the one
// " " + text + " " padding sits between kBeforePadding and kAfterPadding.
constexpr Rewrite kBeforePadding[] = {
    // STARTING_QUOTES
    {R"(([«“‘„]|[`]+))", " $1 "},
    {R"(^")", "``"},
    {R"((``))", " $1 "},
    {R"(([ \(\[{<])("|'{2}))", "$1 `` "},
    {R"((?i)(')(?!re|ve|ll|m|t|s|d|n)(\w)\b)", "$1 $2"},
    // PUNCTUATION
    {R"(([^\.])(\.)([\]\)}>"'»”’ ]*)\s*$)", "$1 $2 $3 "},
    {R"(([:,])([^\d]))", " $1 $2"},
    {R"(([:,])$)", " $1 "},
    {R"(\.{2,})", " $0 "},
    {R"([;@#$%&])", " $0 "},
    {R"(([^\.])(\.)([\]\)}>"']*)\s*$)", "$1 $2$3 "},
    {R"([?!])", " $0 "},
    {R"(([^'])' )", "$1 ' "},
    {R"([*])", " $0 "},
    // PARENS_BRACKETS, DOUBLE_DASHES
    {R"([\]\[\(\)\{\}\<\>])", " $0 "},
    {R"(--)", " -- "},
};

constexpr Rewrite kAfterPadding[] = {
    // ENDING_QUOTES
    {R"(([»”’]))", " $1 "},
    {R"('')", " '' "},
    {R"(")", " '' "},
    {R"(([^' ])('[sS]|'[mM]|'[dD]|') )", "$1 $2 "},
    {R"(([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) )", "$1 $2 "},
    // CONTRACTIONS2, CONTRACTIONS3 (MacIntyre's list)
    {R"((?i)\b(can)(?#X)(not)\b)", " $1 $2 "},
    {R"((?i)\b(d)(?#X)('ye)\b)", " $1 $2 "},
    {R"((?i)\b(gim)(?#X)(me)\b)", " $1 $2 "},
    {R"((?i)\b(gon)(?#X)(na)\b)", " $1 $2 "},
    {R"((?i)\b(got)(?#X)(ta)\b)", " $1 $2 "},
    {R"((?i)\b(lem)(?#X)(me)\b)", " $1 $2 "},
    {R"((?i)\b(more)(?#X)('n)\b)", " $1 $2 "},
    {R"((?i)\b(wan)(?#X)(na)(?=\s))", " $1 $2 "},
    {R"((?i) ('t)(?#X)(is)\b)", " $1 $2 "},
    {R"((?i) ('t)(?#X)(was)\b)", " $1 $2 "},
};

struct CodeDeleter {
    void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
using CodePtr = std::unique_ptr<pcre2_code, CodeDeleter>;

struct CompiledRewrite {
    CodePtr code;
    std::string replacement;
};

std::vector<CompiledRewrite> compileAll(const Rewrite* begin, const Rewrite* end) {
    std::vector<CompiledRewrite> out;
    for (const Rewrite* r = begin; r != end; ++r) {
        int err = 0;
        PCRE2_SIZE offset = 0;
        // UCP: \w \d \s \b over Unicode, as Python's re does for str patterns.
        // MATCH_INVALID_UTF: stray bytes never match instead of failing the call.
        pcre2_code* code =
            pcre2_compile(reinterpret_cast<PCRE2_SPTR>(r->pattern), PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &err, &offset, nullptr);
        if (!code) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            throw Error(std::string("tokenizer rule does not compile: ") + r->pattern + ": " +
                        reinterpret_cast<const char*>(msg));
        }
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter
        out.push_back({CodePtr(code), r->replacement});
    }
    return out;
}

struct Rules {
    std::vector<CompiledRewrite> before =
        compileAll(std::begin(kBeforePadding), std::end(kBeforePadding));
    std::vector<CompiledRewrite> after =
        compileAll(std::begin(kAfterPadding), std::end(kAfterPadding));
};

const Rules& rules() {
    static const Rules kRules;
    return kRules;
}

// re.sub over the whole text (pcre2_substitute, global).
std::string substitute(const CompiledRewrite& r, const std::string& text) {
    const auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    const auto replacement = reinterpret_cast<PCRE2_SPTR>(r.replacement.data());
    const uint32_t options = PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
    std::string out(text.size() * 2 + 16, '\0');
    for (int attempt = 0; attempt < 2; ++attempt) {
        PCRE2_SIZE length = out.size();
        const int rc = pcre2_substitute(r.code.get(), subject, text.size(), 0, options, nullptr,
                                        nullptr, replacement, r.replacement.size(),
                                        reinterpret_cast<PCRE2_UCHAR*>(out.data()), &length);
        if (rc >= 0) {
            out.resize(length);
            return out;
        }
        if (rc != PCRE2_ERROR_NOMEMORY) break;
        out.assign(length, '\0');  // the length it needs
    }
    throw Error("tokenizer rule failed on a text of " + std::to_string(text.size()) + " bytes");
}

// Python's str.split(): runs of Unicode whitespace separate the words.
std::vector<std::string> splitOnWhitespace(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        if (isPythonWhitespace(decodeUtf8(text, i))) {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word.append(text, start, i - start);
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

}  // namespace

std::vector<std::string> nltkTreebankWords(std::string_view sentence) {
    std::string text(sentence);
    for (const CompiledRewrite& r : rules().before) text = substitute(r, text);
    text = " " + text + " ";
    for (const CompiledRewrite& r : rules().after) text = substitute(r, text);
    return splitOnWhitespace(text);
}

std::vector<std::string> nltkWordTokenize(std::string_view text) {
    std::vector<std::string> words;
    for (std::string_view sentence : punktSentences(text))
        for (std::string& w : nltkTreebankWords(sentence)) words.push_back(std::move(w));
    return words;
}

}  // namespace ts
