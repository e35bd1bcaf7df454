#include "core/data/generators/cotemp_generator.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"

namespace ts {

namespace {

const std::vector<std::string> kFirstNames{"Alma",  "Bruno", "Cora", "Dario", "Elin", "Farid",
                                           "Greta", "Hugo",  "Ines", "Jonas", "Kaia", "Lior",
                                           "Mina",  "Niko",  "Oona", "Pavel"};
const std::vector<std::string> kLastNames{"Reyes", "Lindqvist", "Okafor",   "Brandt",
                                          "Sato",  "Moreau",    "Kowalski", "Varga"};

enum Relation { Position = 0, Party = 1, Employer = 2 };

const std::vector<std::vector<std::string>> kObjects{
    {"mayor of Eastvale", "governor of Lakeshire", "treasurer of Westbrook", "judge of Highmoor",
     "ambassador to Norland", "senator for Southfield", "director of the Pinecrest Museum",
     "minister of culture"},
    {"Green Valley Party", "Harbor Union", "Civic Alliance", "Labor Front", "Unity League",
     "Progress Party", "Free Citizens Movement", "Coastal Democrats"},
    {"Northwind Labs", "Bluefin Bank", "Cedar Hospital", "Orion Press", "Summit Foods",
     "Vega Motors", "Aster College", "Harbor Rail"},
};

// Year span of the generated facts.
constexpr int kFirstYear = 1960;
constexpr int kLastYear = 2020;

struct Interval {
    int from = 0, to = 0;
};

bool disjoint(Interval a, Interval b) {
    return a.to < b.from || b.to < a.from;
}

std::string when(Interval i) {
    if (i.from == i.to) return "in " + std::to_string(i.from);
    return "from " + std::to_string(i.from) + " to " + std::to_string(i.to);
}

std::string fact(const std::string& subject, Relation r, const std::string& object, Interval i) {
    switch (r) {
        case Position:
            return subject + " holds the position of " + object + " " + when(i) + ".";
        case Party:
            return subject + " is a member of the " + object + " " + when(i) + ".";
        case Employer:
            return subject + " works for " + object + " " + when(i) + ".";
    }
    return {};
}

// "While X was holding the position of P" ...
std::string whileClause(const std::string& subject, Relation r, const std::string& object) {
    switch (r) {
        case Position:
            return "While " + subject + " was holding the position of " + object;
        case Party:
            return "While " + subject + " was a member of the " + object;
        case Employer:
            return "While " + subject + " was working for " + object;
    }
    return {};
}

// "which position did X hold" ...
std::string whichClause(const std::string& subject, Relation r) {
    switch (r) {
        case Position:
            return "which position did " + subject + " hold";
        case Party:
            return "which political party did " + subject + " belong to";
        case Employer:
            return "which employer did " + subject + " work for";
    }
    return {};
}

// "who also held the position of P" ...
std::string whoAlsoClause(Relation r, const std::string& object) {
    switch (r) {
        case Position:
            return "who also held the position of " + object;
        case Party:
            return "who was also a member of the " + object;
        case Employer:
            return "who also worked for " + object;
    }
    return {};
}

const std::vector<std::string> kSameTime{"at the same time", "simultaneously",
                                         "during the same time span",
                                         "within the same time interval", "concurrently"};

// An interval in the given temporal relation to q (equal, overlap, during).
Interval related(const std::string& relation, Interval q, SeededRng& rng) {
    const int len = q.to - q.from;
    if (relation == "equal") return q;
    if (relation == "during") {
        // Either strictly inside the question's interval or strictly around it.
        if (len >= 2 && rng.chance(0.6)) {
            Interval i;
            do {
                i.from = int(rng.between(q.from, q.to));
                i.to = int(rng.between(i.from, q.to));
            } while (i.from == q.from && i.to == q.to);
            return i;
        }
        Interval i{q.from - int(rng.between(0, 4)), q.to + int(rng.between(0, 4))};
        if (i.from == q.from && i.to == q.to) {
            if (rng.chance(0.5))
                i.from -= int(rng.between(1, 4));
            else
                i.to += int(rng.between(1, 4));
        }
        return i;
    }
    // overlap: shares at least one year, neither contains the other.
    if (rng.chance(0.5)) {
        const int to = int(rng.between(q.from, q.to - 1));
        return {q.from - int(rng.between(1, 5)), to};
    }
    const int from = int(rng.between(q.from + 1, q.to));
    return {from, q.to + int(rng.between(1, 5))};
}

// An interval inside the year span that shares no year with q.
Interval unrelated(Interval q, SeededRng& rng) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const int from = int(rng.between(kFirstYear, kLastYear - 1));
        const int to = std::min(kLastYear, from + int(rng.between(0, 8)));
        const Interval i{from, to};
        if (disjoint(i, q)) return i;
    }
    throw Error("sample generator: no free interval left (internal)");
}

std::vector<std::string> goldRelations(const std::string& cls, SeededRng& rng) {
    if (cls != "mix") return std::vector<std::string>(rng.chance(0.2) ? 2 : 1, cls);
    // mix: two or three answers whose relations are not all the same.
    const std::vector<std::string> kinds{"equal", "overlap", "during"};
    std::vector<std::string> out;
    do {
        out.assign(std::size_t(rng.between(2, 3)), "");
        for (auto& k : out) k = rng.pick(kinds);
    } while (
        std::all_of(out.begin(), out.end(), [&](const std::string& k) { return k == out[0]; }));
    return out;
}

CoTempRecord makeRecord(const std::string& cls, std::int64_t index, SeededRng& rng) {
    static const std::vector<std::string> kTriples{"S1_R1_O2", "S1_R2_O2", "S2_R1_O1"};
    CoTempRecord rec;
    rec.index = index;
    rec.tripleElement = rng.pick(kTriples);

    std::vector<std::string> people;
    for (std::size_t k : rng.sample(kFirstNames.size(), 6))
        people.push_back(kFirstNames[k] + " " +
                         kLastNames[std::size_t(rng.below(kLastNames.size()))]);
    const Relation asked = Relation(rng.below(3));
    const std::vector<std::size_t> objectOrder = rng.sample(kObjects[std::size_t(asked)].size(), 8);
    const int qFrom = int(rng.between(kFirstYear + 10, kLastYear - 15));
    const Interval q{qFrom, qFrom + int(rng.between(3, 10))};
    const std::string& subject = people[0];
    const std::string& queryObject = kObjects[std::size_t(asked)][objectOrder[0]];
    const std::vector<std::string> relations = goldRelations(cls, rng);
    const std::string sameTime = rng.pick(kSameTime);

    std::vector<std::pair<std::string, bool>> facts;  // text, is gold
    if (rec.tripleElement == "S2_R1_O1") {
        // Other people with the same object; the answers are people.
        facts.push_back({fact(subject, asked, queryObject, q), false});
        for (std::size_t a = 0; a < relations.size(); ++a) {
            const Interval i = related(relations[a], q, rng);
            facts.push_back({fact(people[1 + a], asked, queryObject, i), true});
            rec.answer.push_back(people[1 + a]);
        }
        for (std::size_t d = 1 + relations.size(); d < people.size(); ++d) {
            const Interval i = unrelated(q, rng);
            facts.push_back({fact(people[d], asked, queryObject, i), false});
        }
        rec.question = whileClause(subject, asked, queryObject) + ", " +
                       whoAlsoClause(asked, queryObject) + " " + sameTime + "?";
    } else {
        // The same person; the answers are objects of the answer relation.
        const Relation answerRel = rec.tripleElement == "S1_R1_O2"
                                       ? asked
                                       : Relation((int(asked) + 1 + int(rng.below(2))) % 3);
        const auto& pool = kObjects[std::size_t(answerRel)];
        std::vector<std::size_t> order =
            answerRel == asked
                ? std::vector<std::size_t>(objectOrder.begin() + 1, objectOrder.end())
                : rng.sample(pool.size(), pool.size());
        std::size_t next = 0;
        facts.push_back({fact(subject, asked, queryObject, q), false});
        for (const auto& rel : relations) {
            const Interval i = related(rel, q, rng);
            const std::string& obj = pool[order[next++]];
            facts.push_back({fact(subject, answerRel, obj, i), true});
            rec.answer.push_back(obj);
        }
        const int distractors = int(rng.between(2, 4));
        for (int d = 0; d < distractors && next < order.size(); ++d) {
            const Interval i = unrelated(q, rng);
            facts.push_back({fact(subject, answerRel, pool[order[next++]], i), false});
        }
        // One fact of a relation nobody asked about, at any time: never an answer.
        std::vector<Relation> others;
        for (Relation r : {Position, Party, Employer})
            if (r != asked && r != answerRel) others.push_back(r);
        if (rng.chance(0.7)) {
            const Relation other = rng.pick(others);
            const Interval i{qFrom + int(rng.between(-6, 6)), qFrom + int(rng.between(7, 14))};
            facts.push_back(
                {fact(subject, other, rng.pick(kObjects[std::size_t(other)]), i), false});
        }
        rec.question = whileClause(subject, asked, queryObject) + ", " +
                       whichClause(subject, answerRel) + " " + sameTime + "?";
    }
    rng.shuffle(facts);
    // Answers in the order their facts appear.
    std::vector<std::string> ordered;
    for (const auto& [text, gold] : facts) {
        rec.facts.push_back(text);
        if (!gold) continue;
        for (const auto& a : rec.answer)
            if (text.find(a) != std::string::npos &&
                std::find(ordered.begin(), ordered.end(), a) == ordered.end())
                ordered.push_back(a);
    }
    rec.answer = ordered;
    // The gold facts are found by substring (the CoTempQA rule), so an answer
    // must appear in its own fact and in no other.
    for (const auto& [text, gold] : facts)
        for (const auto& a : rec.answer)
            if (!gold && text.find(a) != std::string::npos)
                throw Error("sample generator: answer '" + a + "' also appears in '" + text +
                            "' (internal)");
    return rec;
}

}  // namespace

const std::vector<std::string>& coTempClasses() {
    static const std::vector<std::string> kClasses{"equal", "overlap", "during", "mix"};
    return kClasses;
}

std::vector<CoTempRecord> generateCoTempRecords(const std::string& cls, int count, SeededRng& rng) {
    const auto& classes = coTempClasses();
    if (std::find(classes.begin(), classes.end(), cls) == classes.end())
        throw Error("unknown CoTempQA class '" + cls +
                    "' (expected equal, overlap, during or mix)");
    if (count <= 0) throw Error("the sample generator needs a positive record count");
    std::vector<CoTempRecord> out;
    for (int i = 0; i < count; ++i) out.push_back(makeRecord(cls, i, rng));
    return out;
}

std::string coTempRecordJson(const CoTempRecord& record) {
    nlohmann::ordered_json j;
    j["index"] = record.index;
    j["triple_element"] = record.tripleElement;
    j["question"] = record.question;
    j["facts"] = record.facts;
    j["answer"] = record.answer;
    return j.dump();
}

}  // namespace ts
