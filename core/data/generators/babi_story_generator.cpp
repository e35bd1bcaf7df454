#include "core/data/generators/babi_story_generator.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"

namespace ts {

namespace {

const std::vector<std::string> kPeople{"Mary", "John", "Sandra", "Daniel"};
const std::vector<std::string> kRooms{"bathroom", "hallway", "kitchen",
                                      "office",   "garden",  "bedroom"};
const std::vector<std::string> kObjects{"apple", "football", "milk"};
const std::vector<std::string> kMoveVerbs{"moved", "went", "journeyed", "travelled"};
const std::vector<std::string> kTakeForms{"picked up the %", "got the % there",
                                          "grabbed the % there", "took the % there"};
const std::vector<std::string> kDropForms{"dropped the %", "discarded the %", "put down the %",
                                          "left the %"};
const std::vector<std::string> kCountWords{"none", "one", "two", "three"};

std::string fill(const std::string& form, const std::string& object) {
    std::string out = form;
    out.replace(out.find('%'), 1, object);
    return out;
}

struct Question {
    std::string text, answer;
    std::vector<int> supporting;
};

// The simulated world of one story; every statement updates it, and the
// answers and supporting lines are read off it.
class World {
public:
    explicit World(SeededRng& rng) : rng_(rng) {}

    int nextLine() const { return line_ + 1; }

    // Appends "N text" for a statement.
    void addStatement(const std::string& text, std::string& out) {
        ++line_;
        out += std::to_string(line_) + " " + text + "\n";
    }

    void addQuestion(const Question& q, std::string& out) {
        ++line_;
        std::vector<int> ids = q.supporting;
        std::sort(ids.begin(), ids.end());
        std::string idText;
        for (int id : ids) idText += (idText.empty() ? "" : " ") + std::to_string(id);
        out += std::to_string(line_) + " " + q.text + " \t" + q.answer + "\t" + idText + "\n";
    }

    std::string move(std::string& out) {
        const std::string& who = rng_.pick(kPeople);
        std::vector<std::string> rooms;
        for (const auto& r : kRooms)
            if (!place_.count(who) || place_[who].room != r) rooms.push_back(r);
        const std::string& room = rng_.pick(rooms);
        addStatement(who + " " + rng_.pick(kMoveVerbs) + " to the " + room + ".", out);
        place_[who] = {room, line_};
        return who;
    }

    // Someone who has a location takes a free object, or drops a held one.
    bool objectEvent(std::string& out) {
        std::vector<std::pair<std::string, std::string>> takes, drops;  // (person, object)
        for (const auto& [who, where] : place_) {
            for (const auto& obj : kObjects) {
                const auto h = holder_.find(obj);
                if (h != holder_.end() && h->second == who) drops.emplace_back(who, obj);
                const bool free = h == holder_.end();
                const auto f = floor_.find(obj);
                if (free && (f == floor_.end() || f->second.room == where.room))
                    takes.emplace_back(who, obj);
            }
        }
        if (takes.empty() && drops.empty()) return false;
        const bool drop = !drops.empty() && (takes.empty() || rng_.chance(0.35));
        const auto [who, obj] = drop ? rng_.pick(drops) : rng_.pick(takes);
        addStatement(who + " " + fill(rng_.pick(drop ? kDropForms : kTakeForms), obj) + ".", out);
        eventsOf_[who].push_back(line_);
        if (drop) {
            holder_.erase(obj);
            floor_[obj] = {place_[who].room, line_, place_[who].line};
        } else {
            holder_[obj] = who;
            takenAt_[obj] = line_;
            floor_.erase(obj);
        }
        return true;
    }

    std::optional<Question> ask(int task) {
        switch (task) {
            case 1:
                return askWhere();
            case 2:
                return askWhereObject();
            case 6:
                return askYesNo();
            case 7:
                return askCount();
        }
        return std::nullopt;
    }

private:
    struct Place {
        std::string room;
        int line = 0;  // the statement that put the person there
    };
    struct FloorSpot {
        std::string room;
        int dropLine = 0;
        int placeLine = 0;  // where the dropper was known to be
    };
    SeededRng& rng_;
    int line_ = 0;
    std::map<std::string, Place> place_;
    std::map<std::string, std::string> holder_;  // object -> person
    std::map<std::string, int> takenAt_;
    std::map<std::string, FloorSpot> floor_;  // dropped objects
    std::map<std::string, std::vector<int>> eventsOf_;

    std::vector<std::string> placedPeople() const {
        std::vector<std::string> v;
        for (const auto& [who, _] : place_) v.push_back(who);
        return v;
    }

    std::optional<Question> askWhere() {
        if (place_.empty()) return std::nullopt;
        const std::string who = rng_.pick(placedPeople());
        return Question{"Where is " + who + "?", place_[who].room, {place_[who].line}};
    }

    std::optional<Question> askYesNo() {
        if (place_.empty()) return std::nullopt;
        const std::string who = rng_.pick(placedPeople());
        const bool yes = rng_.chance(0.5);
        std::string room = place_[who].room;
        if (!yes) {
            std::vector<std::string> others;
            for (const auto& r : kRooms)
                if (r != room) others.push_back(r);
            room = rng_.pick(others);
        }
        return Question{
            "Is " + who + " in the " + room + "?", yes ? "yes" : "no", {place_[who].line}};
    }

    std::optional<Question> askWhereObject() {
        std::vector<Question> options;
        for (const auto& obj : kObjects) {
            if (const auto h = holder_.find(obj); h != holder_.end()) {
                const Place& p = place_.at(h->second);
                options.push_back(
                    {"Where is the " + obj + "?", p.room, {takenAt_.at(obj), p.line}});
            } else if (const auto f = floor_.find(obj); f != floor_.end()) {
                options.push_back({"Where is the " + obj + "?",
                                   f->second.room,
                                   {f->second.dropLine, f->second.placeLine}});
            }
        }
        if (options.empty()) return std::nullopt;
        return rng_.pick(options);
    }

    std::optional<Question> askCount() {
        std::vector<std::string> active;
        for (const auto& [who, events] : eventsOf_)
            if (!events.empty()) active.push_back(who);
        if (active.empty()) return std::nullopt;
        const std::string who = rng_.pick(active);
        int held = 0;
        for (const auto& [obj, h] : holder_) held += h == who;
        return Question{"How many objects is " + who + " carrying?",
                        kCountWords.at(std::size_t(held)), eventsOf_[who]};
    }
};

// Statements before the first question, and between later questions.
int statementsBefore(int task, bool first, SeededRng& rng) {
    const bool objects = task == 2 || task == 7;
    if (first) return int(rng.between(objects ? 3 : 2, objects ? 6 : 4));
    return int(rng.between(1, objects ? 3 : 2));
}

void addStatement(int task, World& world, SeededRng& rng, std::string& out) {
    const bool objects = task == 2 || task == 7;
    // Object stories still need people placed before anything can be picked up.
    if (objects && rng.chance(0.55) && world.objectEvent(out)) return;
    world.move(out);
}

}  // namespace

const std::vector<int>& generatedBabiTasks() {
    static const std::vector<int> kTasks{1, 2, 6, 7};
    return kTasks;
}

std::string generateBabiStories(const BabiStoryOptions& options, SeededRng& rng) {
    const auto& tasks = generatedBabiTasks();
    if (std::find(tasks.begin(), tasks.end(), options.task) == tasks.end())
        throw Error("the sample generator writes bAbI tasks 1, 2, 6 and 7, not " +
                    std::to_string(options.task));
    if (options.stories <= 0 || options.questionsPerStory <= 0)
        throw Error("the sample generator needs positive story and question counts");
    std::string out;
    for (int s = 0; s < options.stories; ++s) {
        World world(rng);
        for (int q = 0; q < options.questionsPerStory; ++q) {
            const int n = statementsBefore(options.task, q == 0, rng);
            for (int i = 0; i < n; ++i) addStatement(options.task, world, rng, out);
            // Keep telling the story until the question has something to ask about.
            std::optional<Question> question = world.ask(options.task);
            while (!question) {
                addStatement(options.task, world, rng, out);
                question = world.ask(options.task);
            }
            world.addQuestion(*question, out);
        }
    }
    return out;
}

}  // namespace ts
