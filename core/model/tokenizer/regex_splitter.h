#pragma once
// Finds the matches of a pre-tokenizer pattern with PCRE2 (UTF + Unicode
// properties, JIT-compiled). std::regex cannot do \p{L}; PCRE2 can, and its
// JIT is fast enough that the regex is not the bottleneck of encoding.
//
// Hugging Face compiles these patterns with Oniguruma, whose \s also matches
// U+0085 (NEXT LINE); PCRE2's Unicode \s does not, so \s is widened to
// [\s\x{85}] (see toPcre2Pattern). Thread-safety: a compiled splitter is
// immutable; findMatches may run concurrently (match data is per thread).
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ts {

// Rewrites a Hugging Face (Oniguruma) pattern into the PCRE2 equivalent.
std::string toPcre2Pattern(std::string_view pattern);

class RegexSplitter {
public:
    // isRegex false: the pattern is a literal string. Throws ts::Error (with
    // PCRE2's message and the offending offset) when the pattern is invalid.
    explicit RegexSplitter(std::string_view pattern, bool isRegex = true);
    ~RegexSplitter();
    RegexSplitter(RegexSplitter&&) noexcept;
    RegexSplitter& operator=(RegexSplitter&&) noexcept;

    // Appends the [begin, end) byte ranges of all non-overlapping, non-empty
    // matches in text, left to right. text must be valid UTF-8.
    void findMatches(std::string_view text,
                     std::vector<std::pair<std::size_t, std::size_t>>& out) const;

    const std::string& pattern() const { return pattern_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string pattern_;
};

}  // namespace ts
