#include "core/model/tokenizer/regex_splitter.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/util/error.h"

namespace ts {

std::string toPcre2Pattern(std::string_view p) {
    std::string out;
    out.reserve(p.size() + 16);
    bool inClass = false;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\' && i + 1 < p.size()) {
            const char e = p[i + 1];
            ++i;
            if (e == 's') {
                out += inClass ? "\\s\\x{85}" : "[\\s\\x{85}]";
            } else if (e == 'S' && !inClass) {
                out += "[^\\s\\x{85}]";
            } else {
                out += '\\';
                out += e;
            }
            continue;
        }
        if (!inClass && c == '[') {
            inClass = true;
            out += c;
            // A ']' right after '[' or '[^' is a literal member, not the end.
            if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
            if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
            continue;
        }
        if (inClass && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
            const auto close = p.find(":]", i + 2);  // POSIX class such as [:alpha:]
            if (close != std::string_view::npos) {
                out.append(p.substr(i, close + 2 - i));
                i = close + 1;
                continue;
            }
        }
        if (inClass && c == ']') inClass = false;
        out += c;
    }
    return out;
}

struct RegexSplitter::Impl {
    pcre2_code* code = nullptr;
    bool jit = false;
    ~Impl() {
        if (code) pcre2_code_free(code);
    }
};

namespace {

// One match-data block per thread, shared by every splitter: only the overall
// match range is read, so one ovector pair is enough.
pcre2_match_data* threadMatchData() {
    struct Holder {
        pcre2_match_data* md = pcre2_match_data_create(1, nullptr);
        ~Holder() { pcre2_match_data_free(md); }
    };
    thread_local Holder holder;
    return holder.md;
}

}  // namespace

RegexSplitter::RegexSplitter(std::string_view pattern, bool isRegex)
    : impl_(std::make_unique<Impl>()), pattern_(pattern) {
    const std::string compiled = isRegex ? toPcre2Pattern(pattern) : std::string(pattern);
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    const uint32_t options = PCRE2_UTF | (isRegex ? PCRE2_UCP : PCRE2_LITERAL);
    impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(compiled.data()), compiled.size(),
                                options, &errorCode, &errorOffset, nullptr);
    if (!impl_->code) {
        PCRE2_UCHAR buffer[256];
        pcre2_get_error_message(errorCode, buffer, sizeof buffer);
        throw Error("invalid pre-tokenizer pattern at offset " + std::to_string(errorOffset) +
                    ": " + reinterpret_cast<const char*>(buffer) +
                    " (pattern: " + std::string(pattern) + ")");
    }
    impl_->jit = pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE) == 0;
}

RegexSplitter::~RegexSplitter() = default;
RegexSplitter::RegexSplitter(RegexSplitter&&) noexcept = default;
RegexSplitter& RegexSplitter::operator=(RegexSplitter&&) noexcept = default;

void RegexSplitter::findMatches(std::string_view text,
                                std::vector<std::pair<std::size_t, std::size_t>>& out) const {
    pcre2_match_data* md = threadMatchData();
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    const std::size_t n = text.size();
    std::size_t start = 0;
    while (start <= n) {
        const int rc =
            impl_->jit
                ? pcre2_jit_match(impl_->code, subject, n, start, PCRE2_NO_UTF_CHECK, md, nullptr)
                : pcre2_match(impl_->code, subject, n, start, PCRE2_NO_UTF_CHECK, md, nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) return;
        if (rc < 0) {
            PCRE2_UCHAR buffer[256];
            pcre2_get_error_message(rc, buffer, sizeof buffer);
            throw Error(std::string("pre-tokenizer regex failed: ") +
                        reinterpret_cast<const char*>(buffer));
        }
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        const std::size_t b = ov[0], e = ov[1];
        if (e > b) {
            out.emplace_back(b, e);
            start = e;
        } else {
            // Empty match: step over one code point so the scan always advances.
            if (b >= n) return;
            start = b + 1;
            while (start < n && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
        }
    }
}

}  // namespace ts
