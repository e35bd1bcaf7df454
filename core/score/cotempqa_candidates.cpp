#include "core/score/cotempqa_candidates.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "core/util/error.h"
#include "core/util/python_text.h"
#include "core/util/text.h"

namespace ts {
namespace {

// One relation: the keyword that selects it and its templates, tried in order.
struct Relation {
    std::string_view keyword;
    std::vector<std::string_view> templates;
};

// The keyword search order of the original metric (REVERSE_SEARCH): the
// multi-word keywords first, then the short stems.
const std::vector<Relation>& relations() {
    static const std::vector<Relation> kRelations = {
        {" the position of ",  // P39 (the "in" template appears twice in the original)
         {R"((.+?) holds the position of (.+?) from (.+?) to (.+?)\.)",
          R"((.+?) holds the position of (.+?) in (.+?)\.)",
          R"((.+?) holds the position of (.+?) from (.+?))",
          R"((.+?) holds the position of (.+?) in (.+?)\.)",
          R"((.+?) holds the position of (.+?)\.)"}},
        {" a member of ",  // P102
         {R"((.+?) is a member of the (.+?) from (.+?) to (.+?)\.)",
          R"((.+?) is a member of the (.+?) in (.+?)\.)",
          R"((.+?) is a member of the (.+?) from (.+?))", R"((.+?) is a member of the (.+?)\.)"}},
        {" the chair of ",  // P488
         {R"((.+?) is the chair of (.+?) from (.+?) to (.+?)\.)",
          R"((.+?) is the chair of (.+?) in (.+?)\.)", R"((.+?) is the chair of (.+?) from (.+?))",
          R"((.+?) is the chair of (.+?)\.)"}},
        {" the head of ",  // P6
         {R"((.+?) is the head of (.+?) from (.+?) to (.+?)\.)",
          R"((.+?) is the head of (.+?) in (.+?)\.)", R"((.+?) is the head of (.+?) from (.+?))",
          R"((.+?) is the head of (.+?)\.)"}},
        {" owned by ",  // P127
         {R"((.+?) is owned by (.+?) from (.+?) to (.+?)\.)",
          R"((.+?) is owned by (.+?) in (.+?)\.)", R"((.+?) is owned by (.+?) from (.+?))",
          R"((.+?) is owned by (.+?)\.)"}},
        {"attend",  // P69
         {R"((.+?) attended (.+?) from (.+?) to (.+?)\.)", R"((.+?) attended (.+?) in (.+?)\.)",
          R"((.+?) attended (.+?) from (.+?))", R"((.+?) attended (.+?)\.)"}},
        {"work",  // P108
         {R"((.+?) works for (.+?) from (.+?) to (.+?)\.)", R"((.+?) works for (.+?) in (.+?)\.)",
          R"((.+?) works for (.+?) from (.+?))", R"((.+?) works for (.+?)\.)"}},
        {"play",  // P54
         {R"((.+?) plays for (.+?) from (.+?) to (.+?)\.)", R"((.+?) plays for (.+?) in (.+?)\.)",
          R"((.+?) plays for (.+?) from (.+?))", R"((.+?) plays for (.+?)\.)"}},
    };
    return kRelations;
}

struct CodeDeleter {
    void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct MatchDataDeleter {
    void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};
using CodePtr = std::unique_ptr<pcre2_code, CodeDeleter>;

// Compiled templates, built once (JIT where available) and shared by all
// threads; pcre2_match on a compiled pattern is thread-safe.
class CompiledTemplates {
public:
    CompiledTemplates() {
        pcre2_compile_context* ctx = pcre2_compile_context_create(nullptr);
        pcre2_set_newline(ctx, PCRE2_NEWLINE_LF);  // "." excludes only \n, as in Python
        for (const Relation& rel : relations()) {
            std::vector<CodePtr> list;
            for (std::string_view pattern : rel.templates) {
                int err = 0;
                PCRE2_SIZE offset = 0;
                pcre2_code* code =
                    pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                  PCRE2_UTF | PCRE2_ANCHORED, &err, &offset, ctx);
                if (!code) {
                    PCRE2_UCHAR msg[256];
                    pcre2_get_error_message(err, msg, sizeof msg);
                    pcre2_compile_context_free(ctx);
                    throw Error("CoTempQA template does not compile: " + std::string(pattern) +
                                ": " + reinterpret_cast<const char*>(msg));
                }
                pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter
                list.emplace_back(code);
            }
            compiled_.push_back(std::move(list));
        }
        pcre2_compile_context_free(ctx);
    }
    const std::vector<CodePtr>& templatesOf(std::size_t relation) const {
        return compiled_[relation];
    }

private:
    std::vector<std::vector<CodePtr>> compiled_;
};

const CompiledTemplates& compiledTemplates() {
    static const CompiledTemplates kCompiled;
    return kCompiled;
}

// The present-tense rewrite applied to a fact once a relation keyword is found.
void toPresentTense(std::string& fact) {
    replaceAll(fact, " was ", " is ");
    replaceAll(fact, " held ", " holds ");
    replaceAll(fact, " worked ", " works ");
    replaceAll(fact, " played ", " plays ");
}

// Group `group` of an anchored match of code on text, or nullopt.
std::optional<std::string> matchGroup(const pcre2_code* code, const std::string& text, int group) {
    thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
        pcre2_match_data_create(8, nullptr));
    const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0,
                               PCRE2_NO_UTF_CHECK, data.get(), nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) return std::nullopt;
    if (rc < 0) throw Error("PCRE2 match failed with code " + std::to_string(rc));
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data.get());
    return text.substr(ov[2 * group], ov[2 * group + 1] - ov[2 * group]);
}

}  // namespace

bool cotempqaTakesSubject(std::string_view tripleElement) {
    return tripleElement.find("S2_R1_O1") == std::string_view::npos;
}

std::vector<std::string> cotempqaFactCandidates(const std::vector<std::string>& facts,
                                                bool takeSubject) {
    const CompiledTemplates& compiled = compiledTemplates();
    const auto& rels = relations();
    std::vector<std::string> out;
    for (const std::string& original : facts) {
        if (!isValidUtf8(original)) throw Error("CoTempQA fact is not valid UTF-8: " + original);
        std::string fact = original;
        // As in the original loop, the rewritten fact carries over to the next
        // keyword when no template of an earlier relation matched.
        bool matched = false;
        for (std::size_t r = 0; r < rels.size() && !matched; ++r) {
            if (fact.find(rels[r].keyword) == std::string::npos) continue;
            toPresentTense(fact);
            for (const CodePtr& code : compiled.templatesOf(r)) {
                if (auto g = matchGroup(code.get(), fact, takeSubject ? 1 : 2)) {
                    out.push_back(pythonLower(*g));
                    matched = true;
                    break;
                }
            }
        }
    }
    return out;
}

}  // namespace ts
