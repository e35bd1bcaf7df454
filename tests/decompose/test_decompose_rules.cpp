// Unit tests for core/decompose rules: label sets, gold class and retrieval
// from the agreed meta keys, byte-exact templates, the paper's wrong-retrieval
// forms, and the platform-independent random source.
#include <QtTest>

#include <map>
#include <random>
#include <set>

#include "core/decompose/babi_rule.h"
#include "core/decompose/msmarco_rule.h"
#include "core/decompose/rule.h"
#include "core/decompose/seeded_rng.h"
#include "core/util/error.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

using namespace ts;

namespace {

Item cotempItem() {
    Item it;
    it.id = "overlap/0";
    it.question =
        "While Nina Smith was working for Carlsberg Foundation, which employer did Nina Smith work "
        "for "
        "simultaneously?";
    for (const char* f :
         {"Nina Smith works for Carlsberg Foundation from January 1, 2013 to December 31, 2018.",
          "Nina Smith works for Nykredit from March 16, 2016 to March 24, 2022.",
          "Nina Smith worked for Pasdeloup Orchestra in 2022.",
          "Nina Smith worked for Ministry of Foreign Affairs of the People's Republic of China in "
          "2022.",
          "Nina Smith works for Carlsberg Group from March 21, 2013 to March 13, 2019."})
        it.context.push_back({f, -1});
    it.goldAnswers = {"Carlsberg Group", "Nykredit"};
    it.meta["class"] = "overlap";
    it.meta["triple_element"] = "S1_R1_O2";
    it.goldLabel = ruleFor(DatasetKind::CoTempQA).goldLabel(it);
    it.goldRetrieval = ruleFor(DatasetKind::CoTempQA).goldRetrieval(it);
    return it;
}

Item babiItem() {
    Item it;
    it.id = "qa16/test/s5";
    it.question = "What color is Bernhard?";
    const char* lines[] = {"Julius is a frog.", "Brian is a frog.", "Julius is gray.",
                           "Lily is a frog.",   "Greg is a lion.",  "Brian is yellow.",
                           "Greg is green.",    "Lily is yellow.",  "Bernhard is a lion."};
    for (int i = 0; i < 9; ++i) it.context.push_back({lines[i], i + 1});
    it.goldAnswers = {"green"};
    it.meta["task"] = 16;
    it.meta["supporting_ids"] = {9, 5, 7};  // bAbI writes them in reasoning order, not line order
    it.goldLabel = ruleFor(DatasetKind::Babi).goldLabel(it);
    it.goldRetrieval = ruleFor(DatasetKind::Babi).goldRetrieval(it);
    return it;
}

Item marcoItem() {
    Item it;
    it.id = "marco/19773";
    it.question = "what is a corporation?";
    it.context = {
        {"A corporation is a company or group of people authorized to act as a single entity.", 0},
        {"Weather today: sunny with light winds.", 1},
        {"It's the legal entity; a corporation is owned by shareholders and run by a board.", 2}};
    it.goldAnswers = {"A company or group of people authorized to act as a single entity."};
    it.meta["query_type"] = "description";
    it.meta["is_selected"] = {1, 0, 0};
    it.goldLabel = ruleFor(DatasetKind::MsMarco).goldLabel(it);
    it.goldRetrieval = ruleFor(DatasetKind::MsMarco).goldRetrieval(it);
    return it;
}

}  // namespace

class TestDecomposeRules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registryMatchesKinds();
    void cotempGoldAndTemplates();
    void cotempRejectsBadClass();
    void cotempWrongRetrieval();
    void babiLabelsAndTasks();
    void babiGoldAndTemplates();
    void babiRejectsBadSource();
    void babiWrongRetrieval();
    void marcoGoldAndTemplates();
    void marcoWrongRetrieval();
    void genericRule();
    void systemMessages();
    void wrongLabelNeverGold();
    void rngMatchesStandardEngine();
    void rngDistributions();
    void rngItemStreamsAreStable();
};

void TestDecomposeRules::registryMatchesKinds() {
    for (auto k :
         {DatasetKind::CoTempQA, DatasetKind::Babi, DatasetKind::MsMarco, DatasetKind::Generic})
        QCOMPARE(int(ruleFor(k).kind()), int(k));
    QCOMPARE(ruleFor(DatasetKind::CoTempQA).labels(),
             (std::vector<std::string>{"equal", "overlap", "during", "mix"}));
    QCOMPARE(ruleFor(DatasetKind::MsMarco).labels().size(), std::size_t(5));
    QVERIFY(ruleFor(DatasetKind::Generic).labels().empty());
}

void TestDecomposeRules::cotempGoldAndTemplates() {
    const auto& rule = ruleFor(DatasetKind::CoTempQA);
    const Item it = cotempItem();
    QCOMPARE(it.goldLabel, std::string("overlap"));
    // Fact order, not answer order; "Carlsberg Foundation" does not contain "Carlsberg Group".
    QCOMPARE(it.goldRetrieval, (std::vector<int>{1, 4}));
    QCOMPARE(rule.classSentence("overlap"),
             std::string("The temporal relation between the event in question and the event in "
                         "context is: overlap.\n"));
    QCOMPARE(rule.retrievalSentence(it.goldUnitTexts()),
             std::string("I need to use the following facts to answer the question: ['Nina Smith "
                         "works for Nykredit "
                         "from March 16, 2016 to March 24, 2022.', 'Nina Smith works for Carlsberg "
                         "Group from March "
                         "21, 2013 to March 13, 2019.']"));
    QCOMPARE(rule.answerText(it), std::string("['Carlsberg Group', 'Nykredit']"));
    const std::string ctx = rule.contextBlock(it);
    QVERIFY(ctx.find("\"Nina Smith worked for Ministry of Foreign Affairs of the People's Republic "
                     "of China in "
                     "2022.\"") != std::string::npos);
    QVERIFY(ctx.starts_with("['Nina Smith works for Carlsberg Foundation"));
    const std::string prompt = rule.userPrompt(it, PromptStyle::Training);
    QCOMPARE(prompt, "Answer the question based on the context:\n" + ctx +
                         "\nQuestion: " + it.question + " Only return the answer.\n");
    // The CoTempQA inference prompt was the training prompt.
    QCOMPARE(rule.userPrompt(it, PromptStyle::PaperInference), prompt);
}

void TestDecomposeRules::cotempRejectsBadClass() {
    const auto& rule = ruleFor(DatasetKind::CoTempQA);
    Item it = cotempItem();
    it.meta.erase("class");
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldLabel(it));
    it.meta["class"] = "before";
    try {
        rule.goldLabel(it);
        QFAIL("an unknown class was accepted");
    } catch (const Error& e) {
        QVERIFY(std::string(e.what()).find("overlap/0") != std::string::npos);
        QCOMPARE(e.where().key, std::string("class"));
    }
    it.goldAnswers.clear();
    QVERIFY_THROWS_EXCEPTION(Error, rule.answerText(it));
}

void TestDecomposeRules::cotempWrongRetrieval() {
    const auto& rule = ruleFor(DatasetKind::CoTempQA);
    const Item it = cotempItem();
    const std::string prefix = "I need to use the following facts to answer the question: ";
    std::set<int> seen;
    for (std::uint64_t s = 0; s < 200; ++s) {
        SeededRng rng(s);
        const WrongRetrieval w = rule.wrongRetrieval(it, rng);
        QCOMPARE(w.units.size(), std::size_t(1));
        const int u = w.units[0];
        QVERIFY(u == 0 || u == 2 || u == 3);  // the facts naming no gold answer
        QCOMPARE(w.sentence,
                 prefix + it.context[std::size_t(u)].text);  // a bare string, not a list
        seen.insert(u);
    }
    QCOMPARE(seen.size(), std::size_t(3));  // every candidate is reachable
    Item allGold = it;
    allGold.context = {it.context[1], it.context[4]};
    allGold.goldRetrieval = rule.goldRetrieval(allGold);
    SeededRng rng(1);
    const WrongRetrieval none = rule.wrongRetrieval(allGold, rng);
    QVERIFY(none.units.empty());
    QCOMPARE(none.sentence, prefix + "[]");
}

void TestDecomposeRules::babiLabelsAndTasks() {
    const auto& labels = ruleFor(DatasetKind::Babi).labels();
    QCOMPARE(labels.size(), std::size_t(11));
    QCOMPARE(labels.front(), std::string("single-supporting-fact"));
    QCOMPARE(labels.back(), std::string("size-reasoning"));
    QCOMPARE(babiTaskName(6), std::string("yes-no-questions"));
    QCOMPARE(babiTaskName(19), std::string("path-finding"));
    QCOMPARE(babiTaskNumber("lists-sets").value_or(0), 8);
    QVERIFY(!babiTaskNumber("lists").has_value());
    QVERIFY_THROWS_EXCEPTION(Error, babiTaskName(0));
    QVERIFY_THROWS_EXCEPTION(Error, babiTaskName(21));
}

void TestDecomposeRules::babiGoldAndTemplates() {
    const auto& rule = ruleFor(DatasetKind::Babi);
    Item it = babiItem();
    QCOMPARE(it.goldLabel, std::string("basic-induction"));
    QCOMPARE(it.goldRetrieval, (std::vector<int>{4, 6, 8}));  // line order
    // Task 6 is outside the paper's 11 but still has its name.
    Item yesNo = it;
    yesNo.meta["task"] = 6;
    QCOMPARE(rule.goldLabel(yesNo), std::string("yes-no-questions"));
    yesNo.meta["task_name"] = "counting";
    QCOMPARE(rule.goldLabel(yesNo), std::string("counting"));

    QCOMPARE(
        rule.classSentence(it.goldLabel),
        std::string(
            "The category of the question represents what is being asked in that question. The "
            "category of the question asked is: basic-induction.\n"));
    QCOMPARE(
        rule.retrievalSentence(it.goldUnitTexts()),
        std::string(
            "I need to use the following text to answer the question: ['Greg is a lion.', 'Greg is "
            "green.', 'Bernhard is a lion.']"));
    const std::string story =
        "Julius is a frog.\nBrian is a frog.\nJulius is gray.\nLily is a frog.\nGreg is a "
        "lion.\nBrian is "
        "yellow.\nGreg is green.\nLily is yellow.\nBernhard is a lion.";
    QCOMPARE(rule.contextBlock(it), story);
    QCOMPARE(rule.userPrompt(it, PromptStyle::Training),
             "Answer the question based on the context:\n" + story +
                 "\nQuestion: What color is Bernhard? Only return the answer.\n");
    QCOMPARE(rule.userPrompt(it, PromptStyle::PaperInference),
             "Answer the question based on the context:\n" + story +
                 "\nQuestion: What color is Bernhard?\nOnly return the answer.\n");
    QCOMPARE(rule.answerText(it), std::string("green"));
    it.goldAnswers = {"apple", "football"};
    QCOMPARE(rule.answerText(it), std::string("apple,football"));
    // Without supporting_ids the stored retrieval stands.
    Item stored = babiItem();
    stored.meta.erase("supporting_ids");
    stored.goldRetrieval = {2};
    QCOMPARE(rule.goldRetrieval(stored), (std::vector<int>{2}));
}

void TestDecomposeRules::babiRejectsBadSource() {
    const auto& rule = ruleFor(DatasetKind::Babi);
    Item it = babiItem();
    it.meta["supporting_ids"] = {3, 10};  // line 10 is the question itself
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldRetrieval(it));
    it.meta["supporting_ids"] = "3 5";
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldRetrieval(it));
    Item noTask = babiItem();
    noTask.meta.erase("task");
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldLabel(noTask));
    noTask.meta["task"] = 23;
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldLabel(noTask));
    noTask.meta["task_name"] = "guessing";
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldLabel(noTask));
}

void TestDecomposeRules::babiWrongRetrieval() {
    const auto& rule = ruleFor(DatasetKind::Babi);
    Item it = babiItem();
    it.context.push_back({"greg is green.", 10});  // same as a supporting line up to case
    const std::string prefix = "I need to use the following text to answer the question: ";
    for (std::uint64_t s = 0; s < 100; ++s) {
        SeededRng rng(s);
        const WrongRetrieval w = rule.wrongRetrieval(it, rng);
        QCOMPARE(w.units.size(), std::size_t(3));  // as many as supporting lines
        std::vector<std::string> quoted;
        for (int u : w.units) {
            QVERIFY(u != 4 && u != 6 && u != 8 && u != 9);
            std::string lower = it.context[std::size_t(u)].text;
            for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
            quoted.push_back(lower);
        }
        QCOMPARE(std::set<int>(w.units.begin(), w.units.end()).size(), std::size_t(3));
        QCOMPARE(w.sentence, prefix + pythonReprList(quoted));
    }
    // A short story: fewer wrong lines than supporting ones.
    Item shortStory = babiItem();
    shortStory.context.resize(5);  // lines 1-5, gold only line 5 ("Greg is a lion.")
    shortStory.meta["supporting_ids"] = {1, 2, 5};
    shortStory.goldRetrieval = rule.goldRetrieval(shortStory);
    SeededRng rng(3);
    const WrongRetrieval w = rule.wrongRetrieval(shortStory, rng);
    QCOMPARE(w.units.size(), std::size_t(2));
    QVERIFY(w.sentence.find("'julius is gray.'") != std::string::npos);
    QVERIFY(w.sentence.find("'lily is a frog.'") != std::string::npos);
}

void TestDecomposeRules::marcoGoldAndTemplates() {
    const auto& rule = ruleFor(DatasetKind::MsMarco);
    Item it = marcoItem();
    QCOMPARE(it.goldLabel, std::string("DESCRIPTION"));
    QCOMPARE(it.goldRetrieval, (std::vector<int>{0}));
    QCOMPARE(rule.retrievalSentence(it.goldUnitTexts()),
             "I need to use the following text to answer the question: " + it.context[0].text);
    QCOMPARE(rule.retrievalSentence({"a", "b"}),
             std::string("I need to use the following text to answer the question: ['a', 'b']"));
    QCOMPARE(rule.contextBlock(it),
             "['A corporation is a company or group of people authorized to act as a single "
             "entity.', 'Weather "
             "today: sunny with light winds.', \"It's the legal entity; a corporation is owned by "
             "shareholders and "
             "run by a board.\"]");
    QVERIFY(rule.userPrompt(it, PromptStyle::PaperInference)
                .ends_with("\nQuestion: what is a corporation?\nOnly return the answer.\n"));
    QCOMPARE(rule.answerText(it), it.goldAnswers[0]);
    Item bad = marcoItem();
    bad.meta["is_selected"] = {1, 0};
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldRetrieval(bad));
    bad.meta["query_type"] = "opinion";
    QVERIFY_THROWS_EXCEPTION(Error, rule.goldLabel(bad));
    bad.goldAnswers.clear();
    QVERIFY_THROWS_EXCEPTION(Error, rule.answerText(bad));
}

void TestDecomposeRules::marcoWrongRetrieval() {
    const auto& rule = ruleFor(DatasetKind::MsMarco);
    const Item it = marcoItem();
    // Passage 2 shares "a", "corporation", "is", "the", "and", "by", ... with the gold one.
    const auto gold = marcoWordSet(it.context[0].text, true);
    const auto p2 = marcoWordSet(it.context[2].text, false);
    std::size_t shared = 0;
    for (const auto& w : gold) shared += p2.count(w);
    QVERIFY2(shared < 8, "fixture: passage 2 must share fewer than 8 words");
    QVERIFY(gold.count("entity") == 1);  // punctuation stripped from the gold passage
    QVERIFY(p2.count("entity;") == 1);   // but not from the candidate, as in the paper
    std::set<int> seen;
    for (std::uint64_t s = 0; s < 50; ++s) {
        SeededRng rng(s);
        const WrongRetrieval w = rule.wrongRetrieval(it, rng);
        QCOMPARE(w.units.size(), std::size_t(1));
        QVERIFY(w.units[0] != 0);
        seen.insert(w.units[0]);
        QCOMPARE(w.sentence, "I need to use the following text to answer the question: " +
                                 it.context[std::size_t(w.units[0])].text);
    }
    QCOMPARE(seen, (std::set<int>{1, 2}));
    // A passage sharing 8 or more words with the answer passage is never chosen.
    Item close = it;
    close.context[1].text = "a corporation is a company or group of people authorized to act";
    for (std::uint64_t s = 0; s < 50; ++s) {
        SeededRng rng(s);
        QCOMPARE(rule.wrongRetrieval(close, rng).units, std::vector<int>{2});
    }
}

void TestDecomposeRules::genericRule() {
    const auto& rule = ruleFor(DatasetKind::Generic);
    Item it;
    it.id = "g1";
    it.question = "q?";
    it.context = {{"u0", -1}, {"u1", -1}, {"u2", -1}};
    it.goldLabel = "stored-label";
    it.goldRetrieval = {1};
    it.goldAnswers = {"a", "b"};
    QCOMPARE(rule.goldLabel(it), std::string("stored-label"));
    QCOMPARE(rule.goldRetrieval(it), std::vector<int>{1});
    QCOMPARE(rule.answerText(it), std::string("['a', 'b']"));
    QCOMPARE(rule.contextBlock(it), std::string("u0\nu1\nu2"));
    SeededRng rng(9);
    QVERIFY_THROWS_EXCEPTION(Error, rule.wrongLabel(it, rng));
    const WrongRetrieval w = rule.wrongRetrieval(it, rng);
    QCOMPARE(w.units.size(), std::size_t(1));
    QVERIFY(w.units[0] != 1);
}

void TestDecomposeRules::systemMessages() {
    // As rendered in the paper's Qwen evaluation inputs.
    QCOMPARE(
        ruleFor(DatasetKind::CoTempQA).systemMessage("Qwen"),
        std::string(
            "You are Qwen, an AI assistant created to be helpful and honest. Your knowledge spans "
            "a "
            "wide range of topics, allowing you to engage in substantive conversations and provide "
            "analysis on complex subjects."));
    QVERIFY(ruleFor(DatasetKind::Babi)
                .systemMessage("Llama")
                .starts_with("You are Llama, an AI assistant"));
    QVERIFY_THROWS_EXCEPTION(Error, ruleFor(DatasetKind::Babi).systemMessage(""));
}

void TestDecomposeRules::wrongLabelNeverGold() {
    for (auto kind : {DatasetKind::CoTempQA, DatasetKind::Babi, DatasetKind::MsMarco}) {
        const auto& rule = ruleFor(kind);
        Item it;
        it.id = "x";
        std::map<std::string, int> counts;
        for (const auto& gold : rule.labels()) {
            it.goldLabel = gold;
            for (std::uint64_t s = 0; s < 300; ++s) {
                SeededRng rng(s);
                const std::string w = rule.wrongLabel(it, rng);
                QVERIFY(w != gold);
                ++counts[w];
            }
        }
        QCOMPARE(counts.size(), rule.labels().size());  // every label gets drawn
    }
    // A bAbI gold class outside the paper's 11 may become any of the 11.
    Item yesNo;
    yesNo.id = "y";
    yesNo.goldLabel = "yes-no-questions";
    SeededRng rng(5);
    const std::string w = ruleFor(DatasetKind::Babi).wrongLabel(yesNo, rng);
    QVERIFY(babiTaskNumber(w).has_value());
}

void TestDecomposeRules::rngMatchesStandardEngine() {
    // The C++ standard fixes the 10000th output of a default-seeded mt19937_64.
    SeededRng rng(5489u);
    std::uint64_t v = 0;
    for (int i = 0; i < 10000; ++i) v = rng.next();
    QCOMPARE(v, std::uint64_t(9981545732273789042ULL));
}

void TestDecomposeRules::rngDistributions() {
    SeededRng rng(2024);
    std::vector<int> buckets(10, 0);
    const int n = 100000;
    for (int i = 0; i < n; ++i) ++buckets[std::size_t(rng.below(10))];
    double chi2 = 0;
    for (int b : buckets) chi2 += (b - n / 10.0) * (b - n / 10.0) / (n / 10.0);
    QVERIFY2(chi2 < 27.88, qPrintable(QString("chi-square %1 over 9 df").arg(chi2)));  // p = 0.001
    for (int i = 0; i < 1000; ++i) {
        const auto x = rng.between(-3, 3);
        QVERIFY(x >= -3 && x <= 3);
        const double u = rng.unit();
        QVERIFY(u >= 0.0 && u < 1.0);
    }
    const auto s = rng.sample(10, 10);
    QCOMPARE(std::set<std::size_t>(s.begin(), s.end()).size(), std::size_t(10));
    QVERIFY(rng.sample(5, 0).empty());
    QVERIFY_THROWS_EXCEPTION(Error, rng.sample(3, 4));
    QVERIFY_THROWS_EXCEPTION(Error, rng.below(0));
}

void TestDecomposeRules::rngItemStreamsAreStable() {
    // Golden values: these must never change, or every published SFT set would.
    QCOMPARE(stableHash64(""), std::uint64_t(0xCBF29CE484222325ULL));
    QCOMPARE(stableHash64("a"), std::uint64_t(0xAF63DC4C8601EC8CULL));
    SeededRng a = SeededRng::forItem(121, "equal/17", "wrong-class");
    SeededRng b = SeededRng::forItem(121, "equal/17", "wrong-class");
    SeededRng c = SeededRng::forItem(121, "equal/17", "wrong-retrieval");
    SeededRng d = SeededRng::forItem(122, "equal/17", "wrong-class");
    const auto va = a.next();
    QCOMPARE(b.next(), va);
    QVERIFY(c.next() != va);
    QVERIFY(d.next() != va);
}

QTEST_GUILESS_MAIN(TestDecomposeRules)
#include "test_decompose_rules.moc"
