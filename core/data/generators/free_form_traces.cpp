#include "core/data/generators/free_form_traces.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <nlohmann/json.hpp>

#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

namespace {

// What the templates need of one item.
struct StoryItem {
    int task = 0;
    std::string question, answer;
    std::string subject;                // the person (the object, task 2) asked about
    std::string room;                   // the room a yes/no question names
    std::vector<std::string> supports;  // the supporting lines, in story order
    std::vector<std::string> others;    // every other story line
};

// "qa2/test/1/6" -> 2 (0 when the id has another form).
int taskOf(const std::string& id) {
    int task = 0;
    const auto slash = id.find('/');
    if (!startsWith(id, "qa") || slash == std::string::npos) return 0;
    const auto res = std::from_chars(id.data() + 2, id.data() + slash, task);
    return res.ec == std::errc() && res.ptr == id.data() + slash ? task : 0;
}

// The text between prefix and suffix when s is exactly prefix + it + suffix.
bool between(const std::string& s, std::string_view prefix, std::string_view suffix,
             std::string& it) {
    if (s.size() <= prefix.size() + suffix.size() || !startsWith(s, prefix) || !endsWith(s, suffix))
        return false;
    it = s.substr(prefix.size(), s.size() - prefix.size() - suffix.size());
    return true;
}

// The question's entities by task; false when it is not that task's form.
bool readQuestion(StoryItem& s) {
    std::string place;
    switch (s.task) {
        case 1:
            return between(s.question, "Where is ", "?", s.subject) &&
                   !startsWith(s.subject, "the ");
        case 2:
            return between(s.question, "Where is the ", "?", s.subject);
        case 6:
            if (!between(s.question, "Is ", "?", place)) return false;
            if (const auto at = place.find(" in the "); at != std::string::npos) {
                s.subject = place.substr(0, at);
                s.room = place.substr(at + 8);
                return true;
            }
            return false;
        case 7:
            return between(s.question, "How many objects is ", " carrying?", s.subject);
    }
    return false;
}

StoryItem readStoryItem(const Item& item) {
    const auto bad = [&](const std::string& what) {
        return Error("item '" + item.id + "' does not fit the free-form trace templates: " + what);
    };
    StoryItem s;
    s.task = taskOf(item.id);
    s.question = item.question;
    if (!readQuestion(s))
        throw bad("\"" + item.question + "\" is not a question of sample task " +
                  std::to_string(s.task));
    if (item.goldAnswers.size() != 1 || item.goldRetrieval.empty())
        throw bad("expected one answer and at least one supporting line");
    s.answer = item.goldAnswers[0];
    for (std::size_t i = 0; i < item.context.size(); ++i) {
        const bool gold = std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), int(i)) !=
                          item.goldRetrieval.end();
        (gold ? s.supports : s.others).push_back(item.context[i].text);
    }
    return s;
}

std::string withoutStop(std::string line) {
    if (endsWith(line, ".")) line.pop_back();
    return line;
}

// A story line slightly reworded: one verb for its synonyms ("went" becomes
// "headed", so the line always changes), "there" dropped, no full stop.
std::string reword(std::string line) {
    struct Group {
        std::vector<std::string> verbs;
        std::string plain, alternate;
    };
    static const std::vector<Group> kGroups = {
        {{" moved to ", " went to ", " journeyed to ", " travelled to "},
         " went to ",
         " headed to "},
        {{" picked up ", " got ", " grabbed ", " took "}, " took ", " picked up "},
        {{" dropped ", " discarded ", " put down ", " left "}, " dropped ", " put down "}};
    line = withoutStop(std::move(line));
    if (endsWith(line, " there")) line.resize(line.size() - 6);
    line += " ";  // so a verb at the end still has its space
    for (const auto& g : kGroups)
        for (const auto& v : g.verbs)
            if (const auto at = line.find(v); at != std::string::npos)
                return trim(line.replace(at, v.size(), v == g.plain ? g.alternate : g.plain));
    return trim(line);
}

std::string typeInWords(int task) {
    switch (task) {
        case 1:
            return "single supporting fact";
        case 2:
            return "two supporting facts";
        case 6:
            return "yes/no";
    }
    return "counting";
}

// Every supporting line quoted, without full stops: "a" and "b".
std::string quotedSupports(const StoryItem& s) {
    std::string out;
    for (std::size_t i = 0; i < s.supports.size(); ++i) {
        if (i) out += i + 1 == s.supports.size() ? " and " : ", ";
        out.append(1, '"').append(withoutStop(s.supports[i])).append(1, '"');
    }
    return out;
}

// Fills {Q} the question, {A} the answer, {P} the person or object asked
// about, {R} the room a yes/no question names, {T} the question type in
// words, {S} a supporting line ({s} without its full stop, {W} reworded),
// {S2} another one, {L} all of them quoted, {O} a line that does not support
// ({o} without its full stop).
std::string fill(std::string form, const StoryItem& s, SeededRng& rng) {
    const std::size_t first = rng.below(s.supports.size());
    const std::size_t second =
        s.supports.size() < 2 ? first
                              : (first + 1 + rng.below(s.supports.size() - 1)) % s.supports.size();
    const std::string other = s.others.empty() ? std::string() : rng.pick(s.others);
    replaceAll(form, "{S2}", s.supports[second]);
    replaceAll(form, "{S}", s.supports[first]);
    replaceAll(form, "{s}", withoutStop(s.supports[first]));
    replaceAll(form, "{W}", reword(s.supports[first]));
    replaceAll(form, "{L}", quotedSupports(s));
    replaceAll(form, "{O}", other);
    replaceAll(form, "{o}", withoutStop(other));
    replaceAll(form, "{Q}", s.question);
    replaceAll(form, "{T}", typeInWords(s.task));
    replaceAll(form, "{P}", s.subject);
    replaceAll(form, "{R}", s.room);
    replaceAll(form, "{A}", s.answer);
    return form;
}

// The sentence naming the question type, in the task's own words.
const std::vector<std::string>& typeSentences(int task) {
    static const std::vector<std::string> kWhere = {
        "This looks like a single supporting fact question: only one line should really matter, "
        "the last one that moves {P}.",
        "So it's a where-is question about one person, the kind where a single supporting fact "
        "should be enough.",
        "I think the question type here is single supporting fact, so I just need {P}'s most "
        "recent location.",
        "Basically this is about locating a person, which needs one supporting fact: the latest "
        "sentence about {P}."};
    static const std::vector<std::string> kObject = {
        "This looks like a two supporting facts question: who had the {P}, and where did that "
        "person go?",
        "So it's about where an object is, which takes two supporting facts: who has it and where "
        "they are.",
        "I think the question type is two supporting facts - the {P} moves with whoever carries "
        "it.",
        "Basically I have to combine two facts here, one about the {P} and one about where someone "
        "went."};
    static const std::vector<std::string> kYesNo = {
        "This is a yes/no question: I just need to check whether {P} is really in the {R}.",
        "So it's a yes-or-no question about {P}'s location.",
        "I think the question type is yes/no, and it depends on where {P} went last.",
        "Basically a yes/no check of one fact, the last move of {P}."};
    static const std::vector<std::string> kCount = {
        "This is a counting question: I need to count how many objects {P} is holding.",
        "So it's about counting - what {P} picked up minus what {P} put down.",
        "I think the question type is counting, so I have to track every object {P} takes or "
        "drops.",
        "Basically I need a count of the things {P} is carrying right now."};
    switch (task) {
        case 1:
            return kWhere;
        case 2:
            return kObject;
        case 6:
            return kYesNo;
    }
    return kCount;
}

std::string verboseTrace(const StoryItem& s, SeededRng& rng) {
    static const std::vector<std::string> kOpen = {
        "Okay, let me think about this.", "Alright, so the question is \"{Q}\"",
        "Hmm, let's see what the story says.", "Okay, so I need to work out: {Q}"};
    static const std::vector<std::string> kQuote = {
        "The story says \"{S}\"", "Looking at the story, \"{s}\" seems to be what matters.",
        "If I read it right, {W}.", "The relevant part is that {W}, I think."};
    static const std::vector<std::string> kConclude = {
        "So I'm fairly sure the answer is {A}.", "That gives {A}, I think.",
        "Let me double-check... yes, it should be {A}.",
        "So the answer would be {A}, unless I missed something."};
    std::vector<std::string> wander = {"Wait, do I need to keep track of everyone? Probably not.",
                                       "Let me not overthink this."};
    if (!s.others.empty()) {
        wander.push_back("At first I noticed \"{O}\" but I don't think that one matters here.");
        wander.push_back("There's also \"{o}\", which is a bit distracting, but I can ignore it.");
    }
    std::vector<std::string> parts = {rng.pick(kOpen), rng.pick(typeSentences(s.task)),
                                      rng.pick(kQuote)};
    if (s.supports.size() > 1 && rng.chance(0.5)) parts.push_back("It also says \"{S2}\"");
    // Straying before or after the quotes: the thinking does not go in order.
    if (rng.chance(0.6)) parts.insert(parts.begin() + (rng.chance(0.5) ? 2 : 3), rng.pick(wander));
    parts.push_back(rng.pick(kConclude));
    return fill(join(parts, " "), s, rng);
}

std::string summaryTrace(const StoryItem& s, SeededRng& rng) {
    static const std::vector<std::string> kForms = {
        "The question is \"{Q}\" The line that matters is \"{S}\" so the answer is {A}.",
        "A {T} question: \"{s}\" gives {A}.", "From \"{s}\" the answer is {A}."};
    return fill(rng.pick(kForms), s, rng);
}

std::string explanationTrace(const StoryItem& s, SeededRng& rng) {
    static const std::vector<std::string> kForms = {
        "The answer is {A} because the story says {L}.",
        "The answer is {A} because of {L}, and nothing later changes that.",
        "The answer is {A} because that follows from {L}."};
    return fill(rng.pick(kForms), s, rng);
}

// A wrong answer a reader of the story could give.
std::vector<std::string> wrongAnswers(const Item& item, const StoryItem& s) {
    static const std::vector<std::string> kCounts = {"none", "one", "two", "three"};
    std::vector<std::string> out;
    if (s.task == 6) return {s.answer == "yes" ? "no" : "yes"};
    if (s.task == 7) {
        for (const auto& c : kCounts)
            if (c != s.answer) out.push_back(c);
        return out;
    }
    std::set<std::string> rooms, people;
    for (const auto& unit : item.context) {
        const std::string line = withoutStop(unit.text);
        if (const auto at = line.find(" to the ");
            at != std::string::npos && line.substr(at + 8) != s.answer)
            rooms.insert(line.substr(at + 8));
        if (const std::string who = line.substr(0, line.find(' ')); who != s.subject)
            people.insert(who);
    }
    const std::set<std::string>& wrong = rooms.empty() ? people : rooms;
    return {wrong.begin(), wrong.end()};
}

std::string jsonLine(const nlohmann::ordered_json& j) {
    return j.dump() + "\n";
}

int lineNumber(const std::string& text) {
    int n = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), n);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size() || n < 1)
        throw Error("generated bAbI text: '" + text + "' is not a line number");
    return n;
}

}  // namespace

FreeFormTrace freeFormTraceFor(const Item& item, std::uint64_t seed) {
    const StoryItem s = readStoryItem(item);
    SeededRng verbose = SeededRng::forItem(seed, item.id, "free-form-verbose");
    SeededRng summary = SeededRng::forItem(seed, item.id, "free-form-summary");
    SeededRng explanation = SeededRng::forItem(seed, item.id, "free-form-explanation");
    return {verboseTrace(s, verbose), summaryTrace(s, summary), explanationTrace(s, explanation)};
}

std::string freeFormDemoAnswer(const Item& item, std::uint64_t seed) {
    const StoryItem s = readStoryItem(item);
    SeededRng rng = SeededRng::forItem(seed, item.id, "free-form-demo-answer");
    if (rng.chance(0.7)) return s.answer;
    const std::vector<std::string> wrong = wrongAnswers(item, s);
    if (wrong.empty())
        throw Error("item '" + item.id + "': the story names nothing to answer wrongly with");
    return rng.pick(wrong);
}

std::vector<Item> generatedBabiFirstQuestions(std::string_view text, int task,
                                              const std::string& split) {
    std::vector<Item> items;
    std::vector<ContextUnit> statements;
    int story = 0;
    bool asked = false;
    for (const std::string& line : ts::split(text, '\n')) {
        if (line.empty()) continue;
        const auto space = line.find(' ');
        if (space == std::string::npos) throw Error("generated bAbI text: bad line '" + line + "'");
        const int number = lineNumber(line.substr(0, space));
        if (number == 1) ++story, statements.clear(), asked = false;
        const auto fields = ts::split(line.substr(space + 1), '\t');
        if (fields.size() == 1) {
            statements.push_back({trim(fields[0]), number});
            continue;
        }
        if (fields.size() != 3 || asked) continue;  // later questions are not items
        asked = true;
        Item item;
        item.id = "qa" + std::to_string(task) + "/" + split + "/" + std::to_string(story) + "/" +
                  std::to_string(number);
        item.split = split;
        item.question = trim(fields[0]);
        item.context = statements;
        item.goldAnswers = {trim(fields[1])};
        for (const std::string& id : ts::split(trim(fields[2]), ' '))
            for (std::size_t i = 0; i < statements.size(); ++i)
                if (statements[i].sourceId == lineNumber(id)) item.goldRetrieval.push_back(int(i));
        items.push_back(std::move(item));
    }
    return items;
}

std::vector<SampleFile> generateFreeFormSampleFiles(const std::vector<Item>& traceItems,
                                                    const std::vector<Item>& runItems,
                                                    std::uint64_t seed) {
    std::string verbose, summary, explanation, predictions;
    for (const Item& item : traceItems) {
        const FreeFormTrace t = freeFormTraceFor(item, seed);
        verbose += jsonLine({{"item_id", item.id}, {"trace", t.verbose}});
        summary += jsonLine({{"item_id", item.id}, {"trace", t.summary}});
        explanation += jsonLine({{"item_id", item.id}, {"trace", t.explanation}});
    }
    for (const Item& item : runItems) {
        const std::string prediction = "<think>" + freeFormTraceFor(item, seed).verbose +
                                       "</think> <answer>" + freeFormDemoAnswer(item, seed) +
                                       "</answer>";
        predictions += jsonLine({{"item_id", item.id},
                                 {"prediction", prediction},
                                 {"model", "template-generator"},
                                 {"run", "sample-free-form"},
                                 {"seed", seed},
                                 {"trace_type", "free-form"}});
    }
    return {{"traces/babi/free-form.jsonl", verbose},
            {"traces/babi/summary.jsonl", summary},
            {"traces/babi/explanation.jsonl", explanation},
            {"runs/babi/free-form-predictions.jsonl", predictions}};
}

}  // namespace ts
