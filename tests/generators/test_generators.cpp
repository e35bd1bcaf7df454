// Unit tests for the sample-data generators: the committed sample_data/ is
// exactly what the generators write, the stories and temporal questions are
// right (checked by an independent re-simulation of the text), the loaders
// read the files, SFT sets build on them, and the free-form traces and the
// demo free-form run name the loader's items and say what they should.
#include <QtTest>

#include <map>
#include <optional>
#include <regex>
#include <set>

#include "core/data/dataset_loader.h"
#include "core/data/generators/babi_story_generator.h"
#include "core/data/generators/cotemp_generator.h"
#include "core/data/generators/free_form_traces.h"
#include "core/data/generators/sample_data.h"
#include "core/decompose/rule.h"
#include "core/decompose/seeded_rng.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/trace_texts.h"
#include "core/score/native_predictions.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

using namespace ts;
namespace fs = std::filesystem;

namespace {

// ---- an independent reading of the bAbI-style stories -----------------------

struct BabiCheck {
    int questions = 0;
    std::map<std::string, int> answers;
};

// Replays one file's statements and recomputes every answer and its supporting lines.
BabiCheck replayBabi(const std::string& text, int task) {
    static const std::regex move(R"(^(\w+) (moved|went|journeyed|travelled) to the (\w+)\.$)");
    static const std::regex take(R"(^(\w+) (picked up|got|grabbed|took) the (\w+)( there)?\.$)");
    static const std::regex drop(R"(^(\w+) (dropped|discarded|put down|left) the (\w+)\.$)");
    static const std::regex whereP(R"(^Where is (\w+)\?$)");
    static const std::regex whereO(R"(^Where is the (\w+)\?$)");
    static const std::regex isIn(R"(^Is (\w+) in the (\w+)\?$)");
    static const std::regex count(R"(^How many objects is (\w+) carrying\?$)");
    static const char* kCount[] = {"none", "one", "two", "three"};

    BabiCheck check;
    std::map<std::string, std::pair<std::string, int>> room;  // person -> (room, line)
    std::map<std::string, std::pair<std::string, int>> held;  // object -> (person, take line)
    std::map<std::string, std::pair<std::string, std::set<int>>>
        floor;  // object -> (room, {drop, place})
    std::map<std::string, std::set<int>> events;
    int expectedLine = 1;
    for (const std::string& raw : split(text, '\n')) {
        if (raw.empty()) continue;
        const auto sp = raw.find(' ');
        const int n = std::stoi(raw.substr(0, sp));
        if (n == 1)
            room.clear(), held.clear(), floor.clear(), events.clear();
        else if (n != expectedLine)
            qFatal("line numbers jump at '%s'", raw.c_str());
        expectedLine = n + 1;
        const std::string body = raw.substr(sp + 1);
        std::smatch m;
        if (body.find('\t') == std::string::npos) {
            if (std::regex_match(body, m, move)) {
                room[m[1]] = {m[3], n};
            } else if (std::regex_match(body, m, take)) {
                if (!room.count(m[1]))
                    qFatal("%s takes something before being anywhere", raw.c_str());
                if (held.count(m[3]))
                    qFatal("%s: the %s is already held", raw.c_str(), m[3].str().c_str());
                if (floor.count(m[3]) && floor[m[3]].first != room[m[1]].first)
                    qFatal("%s: the %s is in another room", raw.c_str(), m[3].str().c_str());
                held[m[3]] = {m[1], n};
                floor.erase(m[3]);
                events[m[1]].insert(n);
            } else if (std::regex_match(body, m, drop)) {
                if (!held.count(m[3]) || held[m[3]].first != m[1])
                    qFatal("%s drops what they do not hold", raw.c_str());
                held.erase(m[3]);
                floor[m[3]] = {room[m[1]].first, {n, room[m[1]].second}};
                events[m[1]].insert(n);
            } else {
                qFatal("unknown statement '%s'", body.c_str());
            }
            continue;
        }
        const auto parts = split(body, '\t');
        if (parts.size() != 3) qFatal("question line without 3 fields: %s", raw.c_str());
        const std::string q = trim(parts[0]);
        std::string answer;
        std::set<int> support;
        if (task == 1 && std::regex_match(q, m, whereP)) {
            answer = room.at(m[1]).first;
            support = {room.at(m[1]).second};
        } else if (task == 6 && std::regex_match(q, m, isIn)) {
            answer = room.at(m[1]).first == m[2].str() ? "yes" : "no";
            support = {room.at(m[1]).second};
        } else if (task == 2 && std::regex_match(q, m, whereO)) {
            if (held.count(m[1])) {
                const auto& [who, takeLine] = held.at(m[1]);
                answer = room.at(who).first;
                support = {takeLine, room.at(who).second};
            } else {
                answer = floor.at(m[1]).first;
                support = floor.at(m[1]).second;
            }
        } else if (task == 7 && std::regex_match(q, m, count)) {
            int k = 0;
            for (const auto& [obj, h] : held) k += h.first == m[1].str();
            answer = kCount[k];
            support = events.at(m[1]);
        } else {
            qFatal("task %d: unexpected question '%s'", task, q.c_str());
        }
        std::set<int> written;
        for (const auto& id : split(parts[2], ' ')) written.insert(std::stoi(id));
        if (answer != parts[1])
            qFatal("line '%s': the answer should be %s", raw.c_str(), answer.c_str());
        if (written != support) qFatal("line '%s': wrong supporting lines", raw.c_str());
        ++check.questions;
        ++check.answers[answer];
    }
    return check;
}

// ---- an independent reading of the CoTempQA-style records --------------------

struct Fact {
    std::string subject, relation, object;
    int from = 0, to = 0;
};

Fact parseFact(const std::string& text) {
    static const std::regex re(
        R"(^(.+?) (holds the position of|is a member of the|works for) (.+) (?:from (\d{4}) to (\d{4})|in (\d{4}))\.$)");
    std::smatch m;
    if (!std::regex_match(text, m, re)) qFatal("unparsable fact '%s'", text.c_str());
    Fact f{m[1], m[2], m[3]};
    f.from = std::stoi(m[4].matched ? m[4].str() : m[6].str());
    f.to = std::stoi(m[5].matched ? m[5].str() : m[6].str());
    if (f.to < f.from) qFatal("interval ends before it starts: '%s'", text.c_str());
    return f;
}

std::string temporalRelation(const Fact& q, const Fact& a) {
    if (a.to < q.from || q.to < a.from) return "none";
    if (a.from == q.from && a.to == q.to) return "equal";
    if ((a.from >= q.from && a.to <= q.to) || (q.from >= a.from && q.to <= a.to)) return "during";
    return "overlap";
}

// Recomputes the answers of one record from its question and facts; returns the
// temporal relation of each answer.
std::vector<std::string> checkCoTempRecord(const nlohmann::json& rec) {
    static const std::regex whileRe(
        R"(^While (.+?) was (holding the position of|a member of the|working for) (.+?), (which position did .+ hold|which political party did .+ belong to|which employer did .+ work for|who also held the position of .+|who was also a member of the .+|who also worked for .+) (at the same time|simultaneously|during the same time span|within the same time interval|concurrently)\?$)");
    const std::string question = rec.at("question");
    std::smatch m;
    if (!std::regex_match(question, m, whileRe))
        qFatal("unparsable question '%s'", question.c_str());
    const std::string subject = m[1], object = m[3], which = m[4];
    const std::map<std::string, std::string> askedRel{
        {"holding the position of", "holds the position of"},
        {"a member of the", "is a member of the"},
        {"working for", "works for"}};
    const std::string asked = askedRel.at(m[2]);
    std::vector<Fact> facts;
    for (const auto& f : rec.at("facts")) facts.push_back(parseFact(f.get<std::string>()));
    const auto queryFact = std::find_if(facts.begin(), facts.end(), [&](const Fact& f) {
        return f.subject == subject && f.relation == asked && f.object == object;
    });
    if (queryFact == facts.end())
        qFatal("no fact for the question's event: '%s'", question.c_str());
    const bool s2 = which.starts_with("who");
    std::string answerRel = asked;
    if (which.starts_with("which position")) answerRel = "holds the position of";
    if (which.starts_with("which political party")) answerRel = "is a member of the";
    if (which.starts_with("which employer")) answerRel = "works for";
    std::set<std::string> expected;
    std::vector<std::string> relations;
    for (const Fact& f : facts) {
        if (&f == &*queryFact || f.relation != answerRel) continue;
        if (s2 ? (f.object != object || f.subject == subject) : (f.subject != subject)) continue;
        const std::string rel = temporalRelation(*queryFact, f);
        if (rel == "none") continue;
        expected.insert(s2 ? f.subject : f.object);
        relations.push_back(rel);
    }
    const auto gold = rec.at("answer").get<std::vector<std::string>>();
    if (std::set<std::string>(gold.begin(), gold.end()) != expected ||
        gold.size() != expected.size())
        qFatal("wrong gold answers for '%s'", question.c_str());
    return relations;
}

std::map<std::string, std::string> committedSampleFiles() {
    std::map<std::string, std::string> out;
    const fs::path root = ts::test::sampleData();
    for (const char* sub : {"babi", "cotempqa", "traces", "runs"}) {
        if (!fs::exists(root / sub)) continue;
        for (const auto& e : fs::recursive_directory_iterator(root / sub))
            if (e.is_regular_file())
                out[fs::relative(e.path(), root).generic_string()] = readFile(e.path());
    }
    return out;
}

// The sample's items of one task file as the bAbI loader reads them (first questions).
Dataset babiItems(int task, const char* split) {
    for (const auto& e : fs::directory_iterator(ts::test::sampleData() / "babi")) {
        const std::string name = e.path().filename().string();
        if (name.starts_with("qa" + std::to_string(task) + "_") &&
            name.ends_with(std::string("_") + split + ".txt"))
            return loadDataset({e.path()});
    }
    qFatal("no sample file for task %d, %s", task, split);
}

Dataset taskOneItems(const char* split) {
    return babiItems(1, split);
}

// Every test item of the sample, in file order (what the demo run covers).
std::vector<Item> allTestItems() {
    std::vector<Item> items;
    for (int task : generatedBabiTasks())
        for (const Item& it : babiItems(task, "test").items) items.push_back(it);
    return items;
}

// A wrong answer the demo run may give: another room or person of the story
// (where-questions), the other yes/no, another count.
bool plausibleWrongAnswer(const Item& it, const std::string& answer) {
    if (answer == it.goldAnswers.at(0)) return false;
    if (it.id.starts_with("qa6/")) return answer == "yes" || answer == "no";
    if (it.id.starts_with("qa7/"))
        return answer == "none" || answer == "one" || answer == "two" || answer == "three";
    for (const auto& unit : it.context) {
        const auto words = split(unit.text.substr(0, unit.text.size() - 1), ' ');
        if (answer == words.back() || (answer == words.front() && !contains(it.question, answer)))
            return true;
    }
    return false;
}

}  // namespace

class TestGenerators : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void committedSampleDataIsRegenerated();
    void writeSampleDataWritesTheSameBytes();
    void seedChangesTheData();
    void babiStoriesAreRight();
    void coTempRecordsAreRight();
    void refusesWhatItCannotGenerate();
    void loadersReadTheSampleData();
    void sftSetsBuildOnTheSampleData();
    void freeFormItemsAreTheLoadersItems();
    void freeFormTracesSayWhatTheyShould();
    void freeFormDemoRun();
    void freeFormRefusesOtherQuestions();
};

void TestGenerators::committedSampleDataIsRegenerated() {
    const auto committed = committedSampleFiles();
    QVERIFY2(!committed.empty(), "sample_data/ is missing");
    std::map<std::string, std::string> generated;
    for (const auto& f : generateSampleData()) generated[f.relativePath] = f.content;
    QCOMPARE(generated.size(), std::size_t(20));
    for (const auto& [path, content] : generated) {
        QVERIFY2(committed.count(path),
                 qPrintable(QString::fromStdString("not committed: " + path)));
        QVERIFY2(committed.at(path) == content,
                 qPrintable(QString::fromStdString(
                     path + " differs from the generator's output; regenerate it "
                            "with the command in sample_data/README.md")));
    }
    for (const auto& [path, _] : committed)
        QVERIFY2(generated.count(path),
                 qPrintable(QString::fromStdString("stale sample file: " + path)));
}

void TestGenerators::writeSampleDataWritesTheSameBytes() {
    const fs::path dir = ts::test::scratchDir("test_generators_write");
    const auto written = writeSampleData(dir);
    QCOMPARE(written.size(), std::size_t(20));
    const auto committed = committedSampleFiles();
    for (const auto& p : written) {
        const std::string rel = fs::relative(p, dir).generic_string();
        QVERIFY2(committed.count(rel) && committed.at(rel) == readFile(p), rel.c_str());
    }
}

void TestGenerators::seedChangesTheData() {
    SampleDataOptions a, b;
    b.seed = a.seed + 1;
    const auto x = generateSampleData(a), y = generateSampleData(b), z = generateSampleData(a);
    int differing = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        QCOMPARE(x[i].content, z[i].content);
        QCOMPARE(x[i].relativePath, y[i].relativePath);
        differing += x[i].content != y[i].content;
    }
    QCOMPARE(differing, int(x.size()));
}

void TestGenerators::babiStoriesAreRight() {
    const SampleDataOptions defaults;
    for (const auto& f : generateSampleData()) {
        if (!f.relativePath.starts_with("babi/")) continue;
        const int task = std::stoi(f.relativePath.substr(7));
        const BabiCheck c = replayBabi(f.content, task);
        const bool train = f.relativePath.ends_with("_train.txt");
        QCOMPARE(c.questions, (train ? defaults.babiTrainStories : defaults.babiTestStories) *
                                  defaults.questionsPerStory);
        // Learnable but not guessable: no answer dominates.
        int top = 0;
        for (const auto& [a, n] : c.answers) top = std::max(top, n);
        QVERIFY2(top <= 0.62 * c.questions, f.relativePath.c_str());
        QVERIFY(c.answers.size() >= (task == 6 ? 2u : 3u));
    }
}

void TestGenerators::coTempRecordsAreRight() {
    std::map<std::string, int> perClass;
    for (const auto& f : generateSampleData()) {
        if (!f.relativePath.starts_with("cotempqa/")) continue;
        const std::string cls = fs::path(f.relativePath).stem().string();
        for (const auto& line : split(f.content, '\n')) {
            if (line.empty()) continue;
            const auto rec = nlohmann::json::parse(line);
            const auto relations = checkCoTempRecord(rec);
            if (cls == "mix") {
                QVERIFY(relations.size() >= 2);
                QVERIFY(std::set<std::string>(relations.begin(), relations.end()).size() >= 2);
            } else {
                for (const auto& r : relations) QCOMPARE(r, cls);
            }
            ++perClass[cls];
        }
    }
    for (const auto& cls : coTempClasses())
        QCOMPARE(perClass[cls], SampleDataOptions{}.coTempPerClass);
}

void TestGenerators::refusesWhatItCannotGenerate() {
    SeededRng rng(1);
    QVERIFY_THROWS_EXCEPTION(Error, generateBabiStories({3, 10, 1}, rng));
    QVERIFY_THROWS_EXCEPTION(Error, generateBabiStories({1, 0, 1}, rng));
    QVERIFY_THROWS_EXCEPTION(Error, generateCoTempRecords("before", 5, rng));
    QVERIFY_THROWS_EXCEPTION(Error, generateCoTempRecords("mix", 0, rng));
    SampleDataOptions bad;
    bad.coTempTestPerClass = bad.coTempPerClass;
    QVERIFY_THROWS_EXCEPTION(Error, generateSampleData(bad));
}

void TestGenerators::loadersReadTheSampleData() {
    const fs::path root = ts::test::sampleData();
    std::vector<fs::path> babiTrain, coTempTrain, coTempTest;
    for (int task : generatedBabiTasks())
        for (const auto& e : fs::directory_iterator(root / "babi"))
            if (e.path().filename().string().starts_with("qa" + std::to_string(task) + "_") &&
                e.path().filename().string().ends_with("_train.txt"))
                babiTrain.push_back(e.path());
    std::sort(babiTrain.begin(), babiTrain.end());
    for (const auto& cls : coTempClasses()) {
        coTempTrain.push_back(root / "cotempqa/train" / (cls + ".json"));
        coTempTest.push_back(root / "cotempqa/test" / (cls + ".json"));
    }
    const Dataset babi = loadDataset(babiTrain);
    QCOMPARE(int(babi.kind), int(DatasetKind::Babi));
    QCOMPARE(babi.items.size(), std::size_t(4 * SampleDataOptions{}.babiTrainStories));
    std::set<std::string> labels;
    for (const auto& it : babi.items) {
        QVERIFY(!it.goldRetrieval.empty());
        labels.insert(it.goldLabel);
    }
    QCOMPARE(labels, (std::set<std::string>{"single-supporting-fact", "two-supporting-facts",
                                            "yes-no-questions", "counting"}));
    const Dataset train = loadDataset(coTempTrain), test = loadDataset(coTempTest);
    QCOMPARE(int(train.kind), int(DatasetKind::CoTempQA));
    QCOMPARE(train.items.size(), std::size_t(4 * 96));
    QCOMPARE(test.items.size(), std::size_t(4 * 24));
    for (const auto& it : train.items) {
        QVERIFY(!it.goldRetrieval.empty());
        QCOMPARE(it.goldRetrieval.size(), it.goldAnswers.size());  // one fact per answer
    }
    std::set<std::string> ids;
    for (const auto& it : train.items) ids.insert(it.id);
    for (const auto& it : test.items) QVERIFY2(!ids.count(it.id), it.id.c_str());
}

void TestGenerators::sftSetsBuildOnTheSampleData() {
    const fs::path root = ts::test::sampleData();
    std::vector<fs::path> coTemp, babi;
    for (const auto& cls : coTempClasses())
        coTemp.push_back(root / "cotempqa/train" / (cls + ".json"));
    for (const auto& e : fs::directory_iterator(root / "babi")) babi.push_back(e.path());
    std::sort(babi.begin(), babi.end());
    for (const Dataset& ds : {loadDataset(coTemp), loadDataset(babi)}) {
        const auto& rule = ruleFor(ds.kind);
        for (SftCondition c : allSftConditions())
            QCOMPARE(buildSftSet(ds, c, {}).size(), ds.items.size());
        for (const Item& it : ds.items) {
            const SftTraceParts wrong = sftTraceParts(it, rule, SftCondition::Incorrect, {});
            QVERIFY(wrong.label != it.goldLabel);
            for (int u : wrong.units) {
                QVERIFY(std::find(it.goldRetrieval.begin(), it.goldRetrieval.end(), u) ==
                        it.goldRetrieval.end());
                for (const auto& g : it.goldUnitTexts())
                    QVERIFY(toLowerAscii(g) != toLowerAscii(it.context[std::size_t(u)].text));
            }
        }
    }
}

void TestGenerators::freeFormItemsAreTheLoadersItems() {
    // The generator reads its own bAbI text; its items must be the loader's.
    std::map<std::string, std::string> generated;
    for (const auto& f : generateSampleData()) generated[f.relativePath] = f.content;
    for (const char* split : {"test", "train"}) {
        const Dataset loaded = taskOneItems(split);
        const auto mine = generatedBabiFirstQuestions(
            generated.at(std::string("babi/qa1_single-supporting-fact_") + split + ".txt"), 1,
            split);
        QCOMPARE(mine.size(), loaded.items.size());
        for (std::size_t i = 0; i < mine.size(); ++i) {
            const Item& a = mine[i];
            const Item& b = loaded.items[i];
            QCOMPARE(a.id, b.id);
            QCOMPARE(a.question, b.question);
            QCOMPARE(a.goldAnswers, b.goldAnswers);
            QCOMPARE(a.goldRetrieval, b.goldRetrieval);
            QCOMPARE(a.contextTexts(), b.contextTexts());
        }
    }
    // Written from the loader's items, the files are the committed bytes.
    std::vector<Item> traceItems = taskOneItems("test").items;
    for (const Item& it : taskOneItems("train").items) traceItems.push_back(it);
    const auto files = generateFreeFormSampleFiles(traceItems, allTestItems(), 7);
    QCOMPARE(files.size(), std::size_t(4));
    for (const auto& f : files)
        QVERIFY2(readFile(ts::test::sampleData() / f.relativePath) == f.content,
                 f.relativePath.c_str());
}

void TestGenerators::freeFormTracesSayWhatTheyShould() {
    const fs::path dir = ts::test::sampleData() / "traces" / "babi";
    const TraceTexts verbose = readTraceTexts(dir / "free-form.jsonl");
    const TraceTexts summary = readTraceTexts(dir / "summary.jsonl");
    const TraceTexts explanation = readTraceTexts(dir / "explanation.jsonl");
    std::vector<Item> items = taskOneItems("test").items;
    for (const Item& it : taskOneItems("train").items) items.push_back(it);
    QCOMPARE(items.size(), std::size_t(180));
    std::set<std::string> openings;
    for (const Item& it : items) {
        for (const TraceTexts* t : {&verbose, &summary, &explanation})
            QVERIFY2(t->find(it.id), it.id.c_str());
        const std::string& v = *verbose.find(it.id);
        const std::string& s = *summary.find(it.id);
        const std::string& e = *explanation.find(it.id);
        const std::string fact = it.goldUnitTexts().at(0);
        const std::string person = it.question.substr(9, it.question.size() - 10);
        const std::string gold = it.goldAnswers.at(0);
        // The verbose thinking names the question type and quotes (or rewords) the fact.
        QVERIFY2(contains(v, "supporting fact"), v.c_str());
        QVERIFY2(contains(v, fact.substr(0, fact.size() - 1)) ||
                     contains(v, person + " went to the " + gold) ||
                     contains(v, person + " headed to the " + gold),
                 v.c_str());
        QVERIFY2(contains(v, person) && contains(v, gold), v.c_str());
        QVERIFY2(s.size() < v.size() && contains(s, gold), s.c_str());
        QVERIFY2(startsWith(e, "The answer is " + gold + " because "), e.c_str());
        QVERIFY2(contains(e, fact.substr(0, fact.size() - 1)), e.c_str());
        openings.insert(v.substr(0, v.find(' ')));
    }
    // Seeded variety: the files hold exactly these items, in several phrasings.
    QCOMPARE(verbose.byItem.size(), items.size());
    QCOMPARE(summary.byItem.size(), items.size());
    QCOMPARE(explanation.byItem.size(), items.size());
    QVERIFY(openings.size() >= 3);
    std::set<std::string> distinct;
    for (const auto& [id, text] : verbose.byItem) distinct.insert(text);
    QVERIFY(distinct.size() > items.size() * 9 / 10);
}

void TestGenerators::freeFormDemoRun() {
    const fs::path file = ts::test::sampleData() / "runs" / "babi" / "free-form-predictions.jsonl";
    const auto predictions = readNativePredictions(file);
    const std::vector<Item> test = allTestItems();
    QCOMPARE(predictions.size(), std::size_t(120));
    QCOMPARE(test.size(), std::size_t(120));
    const TraceTexts verbose =
        readTraceTexts(ts::test::sampleData() / "traces" / "babi" / "free-form.jsonl");
    int right = 0, taskOne = 0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const auto& p = predictions[i];
        const Item& it = test[i];
        QCOMPARE(p.itemId, it.id);
        QCOMPARE(p.meta.at("trace_type").get<std::string>(), std::string("free-form"));
        const std::string trace = freeFormTraceFor(it, 7).verbose;
        QVERIFY2(contains(trace, it.goldAnswers.at(0)), trace.c_str());
        // The task-1 items think what the free-form trace file says.
        if (const std::string* inFile = verbose.find(it.id)) {
            QCOMPARE(*inFile, trace);
            ++taskOne;
        }
        const std::string think = "<think>" + trace + "</think> <answer>";
        QVERIFY2(startsWith(p.prediction, think) && endsWith(p.prediction, "</answer>"),
                 p.prediction.c_str());
        const std::string answer =
            p.prediction.substr(think.size(), p.prediction.size() - think.size() - 9);
        if (answer == it.goldAnswers.at(0))
            ++right;
        else
            QVERIFY2(plausibleWrongAnswer(it, answer), (it.id + ": " + answer).c_str());
        QCOMPARE(answer, freeFormDemoAnswer(it, 7));
    }
    QCOMPARE(taskOne, 30);
    QVERIFY2(right >= 72 && right <= 96, std::to_string(right).c_str());  // about 70% of 120
}

void TestGenerators::freeFormRefusesOtherQuestions() {
    Item it = taskOneItems("test").items.at(0);
    const FreeFormTrace first = freeFormTraceFor(it, 7);
    QCOMPARE(freeFormTraceFor(it, 7).verbose, first.verbose);
    QVERIFY(freeFormTraceFor(it, 8).verbose != first.verbose ||
            freeFormTraceFor(it, 9).verbose != first.verbose);
    it.question = "Is Mary in the kitchen?";  // a task-6 question in a task-1 item
    QVERIFY_THROWS_EXCEPTION(Error, freeFormTraceFor(it, 7));
    Item otherTask = taskOneItems("test").items.at(0);
    otherTask.id = "qa3/test/1/5";
    QVERIFY_THROWS_EXCEPTION(Error, freeFormTraceFor(otherTask, 7));
    Item two = taskOneItems("test").items.at(0);
    two.goldRetrieval.clear();
    QVERIFY_THROWS_EXCEPTION(Error, freeFormTraceFor(two, 7));
    QVERIFY_THROWS_EXCEPTION(Error, generatedBabiFirstQuestions("x y\n", 1, "test"));
}

QTEST_GUILESS_MAIN(TestGenerators)
#include "test_generators.moc"
