// Unit tests for the free-form SFT conditions (arXiv 2505.13792 v2): the
// trace file reader and each of its errors (file, line, key), the exact
// targets of free-form, summary and explanation, swapped's derangement
// (no fixed point, deterministic, order-free, uniform enough to reach every
// derangement) and the errors of a trace file that does not fit its dataset.
#include <QtTest>

#include <set>

#include "core/decompose/rule.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/decompose/trace_texts.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"

using namespace ts;
namespace fs = std::filesystem;

namespace {

// bAbI-like items: "Where is P<i>?" over three story lines, the second one
// gold; every line names its item, so no two items share a trace.
Dataset babiDataset(int n) {
    Dataset ds;
    ds.kind = DatasetKind::Babi;
    ds.name = "unit-babi";
    for (int i = 0; i < n; ++i) {
        Item it;
        it.id = "qa1/train/" + std::to_string(i + 1) + "/4";
        it.split = "train";
        const std::string p = "P" + std::to_string(i);
        it.question = "Where is " + p + "?";
        const std::string q = "Q" + std::to_string(i);
        it.context = {{q + " went to the hallway.", 1},
                      {p + " moved to the room" + std::to_string(i) + ".", 2},
                      {q + " went to the office.", 3}};
        it.goldAnswers = {"room" + std::to_string(i)};
        it.goldLabel = "single-supporting-fact";
        it.goldRetrieval = {1};
        ds.items.push_back(it);
    }
    return ds;
}

std::string traceOf(const Item& it) {
    return "Hmm, " + it.question + " I think it is fine.";
}

// A trace file for the items: {"item_id", "trace"} per line.
std::string traceJsonl(const Dataset& ds) {
    std::string out;
    for (const auto& it : ds.items)
        out += nlohmann::json{{"item_id", it.id}, {"trace", traceOf(it)}}.dump() + "\n";
    return out;
}

// Runs fn, which must throw ts::Error; returns it for its location and message.
template <class F>
Error errorOf(F fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e;
    }
    qFatal("expected a ts::Error");
}

void expectError(const Error& e, const std::string& file, std::size_t line, const std::string& key,
                 const std::string& text) {
    QCOMPARE(e.where().file, file);
    QCOMPARE(e.where().line, line);
    QCOMPARE(e.where().key, key);
    QVERIFY2(e.message().find(text) != std::string::npos, e.what());
}

bool isPermutation(std::vector<std::size_t> v) {
    std::sort(v.begin(), v.end());
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i] != i) return false;
    return true;
}

}  // namespace

class TestSftFreeForm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void conditionLists();
    void readsTraceFiles();
    void traceFileErrorsNameFileAndLine();
    void freeFormTargets();
    void traceFileMustFitTheDataset();
    void derangementProperties();
    void derangementReachesEveryDerangement();
    void swappedTargets();
    void swappedRefusals();
    void jsonlRoundTrip();
};

void TestSftFreeForm::conditionLists() {
    // allSftConditions() keeps its meaning: the six built from the dataset alone.
    QCOMPARE(allSftConditions().size(), std::size_t(6));
    for (auto c : allSftConditions()) {
        QVERIFY(!sftConditionNeedsTraceFile(c));
        QVERIFY(c != SftCondition::Swapped);
    }
    QCOMPARE(sftConditionNames(freeFormSftConditions()),
             std::string("free-form, summary, explanation"));
    QCOMPARE(everySftCondition().size(), std::size_t(10));
    for (auto c : everySftCondition())
        QCOMPARE(int(*parseSftCondition(sftConditionName(c))), int(c));
    QCOMPARE(std::string(sftConditionName(SftCondition::Swapped)), std::string("swapped"));
    for (auto c : freeFormSftConditions()) QVERIFY(sftConditionNeedsTraceFile(c));
    QVERIFY(!sftConditionIsSwapSource(SftCondition::Vanilla));
    QVERIFY(!sftConditionIsSwapSource(SftCondition::Swapped));
    QVERIFY(sftConditionIsSwapSource(SftCondition::ClassOnly));
    QVERIFY(sftConditionIsSwapSource(SftCondition::Summary));
}

void TestSftFreeForm::readsTraceFiles() {
    const std::string text =
        "{\"item_id\": \"a\", \"trace\": \"first\", \"model\": \"r1\"}\r\n"
        "\n"
        "   \n"
        "{\"trace\": \"second \\\"quoted\\\"\", \"item_id\": \"b\"}\n";
    const TraceTexts t = parseTraceTexts(text, "t.jsonl");
    QCOMPARE(t.source, std::string("t.jsonl"));
    QCOMPARE(t.byItem.size(), std::size_t(2));
    QCOMPARE(*t.find("a"), std::string("first"));
    QCOMPARE(*t.find("b"), std::string("second \"quoted\""));
    QCOMPARE(t.lineOf.at("b"), std::size_t(4));
    QVERIFY(t.find("c") == nullptr);

    const fs::path dir = ts::test::scratchDir("test_sft_free_form_read");
    const fs::path file = ts::test::writeText(dir / "summary.jsonl", text);
    QCOMPARE(readTraceTexts(file).byItem, t.byItem);
    QCOMPARE(readTraceTexts(file).source, file.string());
    const auto files = readTraceTextFiles({{SftCondition::Summary, file}});
    QCOMPARE(files.at(SftCondition::Summary).byItem.size(), std::size_t(2));
    expectError(errorOf([&] {
                    readTraceTextFiles({{SftCondition::Correct, file}});
                }),
                file.string(), 0, "", "takes no trace file");
    expectError(errorOf([&] { readTraceTexts(dir / "missing.jsonl"); }),
                (dir / "missing.jsonl").string(), 0, "", "");
}

void TestSftFreeForm::traceFileErrorsNameFileAndLine() {
    const std::string ok = "{\"item_id\": \"a\", \"trace\": \"t\"}\n";
    const auto parse = [](const std::string& text) {
        return errorOf([&] { parseTraceTexts(text, "traces.jsonl"); });
    };
    expectError(parse(ok + "{\"item_id\": \"b\", \"trace\": }\n"), "traces.jsonl", 2, "",
                "invalid JSON");
    expectError(parse(ok + "\n[\"b\", \"t\"]\n"), "traces.jsonl", 3, "", "one JSON object");
    expectError(parse(ok + "{\"trace\": \"t\"}\n"), "traces.jsonl", 2, "item_id", "missing");
    expectError(parse(ok + "{\"item_id\": 7, \"trace\": \"t\"}\n"), "traces.jsonl", 2, "item_id",
                "must be a string");
    expectError(parse(ok + "{\"item_id\": \"b\"}\n"), "traces.jsonl", 2, "trace", "missing");
    expectError(parse(ok + "{\"item_id\": \"b\", \"trace\": [\"t\"]}\n"), "traces.jsonl", 2,
                "trace", "must be a string");
    expectError(parse(ok + "{\"item_id\": \"b\", \"trace\": \"  \"}\n"), "traces.jsonl", 2, "trace",
                "empty");
    expectError(parse(ok + "{\"item_id\": \"b\", \"trace\": \"so</think> x\"}\n"), "traces.jsonl",
                2, "trace", "'</think>'");
    expectError(parse(ok + "{\"item_id\": \"b\", \"trace\": \"<answer>x\"}\n"), "traces.jsonl", 2,
                "trace", "'<answer>'");
    expectError(parse(ok + "{\"item_id\": \"b\", \"trace\": \"t\"}\n" + ok), "traces.jsonl", 3,
                "item_id", "duplicate item_id 'a' (first on line 1)");
    expectError(parse("\n\n"), "traces.jsonl", 0, "", "no traces in the file");
}

void TestSftFreeForm::freeFormTargets() {
    const Dataset ds = babiDataset(3);
    const auto& rule = ruleFor(ds.kind);
    const TraceTexts texts = parseTraceTexts(traceJsonl(ds), "t.jsonl");
    for (auto c : freeFormSftConditions()) {
        TraceTextFiles files{{c, texts}};
        SftOptions o;
        o.traceTexts = &files;
        const auto set = buildSftSet(ds, c, o);
        QCOMPARE(set.size(), ds.items.size());
        for (std::size_t i = 0; i < set.size(); ++i) {
            const Item& it = ds.items[i];
            QCOMPARE(set[i].condition, c);
            // The rule-based layout with the file's text in the think block.
            QCOMPARE(set[i].assistantContent(), "<think>" + traceOf(it) + "</think> <answer>" +
                                                    it.goldAnswers[0] + "</answer>");
            const SftExample correct = buildSftExample(it, rule, SftCondition::Correct, o);
            QCOMPARE(set[i].messages.size(), correct.messages.size());
            QCOMPARE(set[i].messages[0], correct.messages[0]);  // system
            QCOMPARE(set[i].messages[1], correct.messages[1]);  // user
            const std::string trace = sftTraceText(it, rule, SftCondition::Correct, o);
            std::string swappedIn = correct.assistantContent();
            swappedIn.replace(7, trace.size(), traceOf(it));
            QCOMPARE(set[i].assistantContent(), swappedIn);
        }
        QVERIFY_THROWS_EXCEPTION(Error, sftTraceParts(ds.items[0], rule, c, o));
        // No file for the condition: refused, never an empty think block.
        QVERIFY_THROWS_EXCEPTION(Error, buildSftSet(ds, c, {}));
        TraceTextFiles other{
            {c == SftCondition::Summary ? SftCondition::FreeForm : SftCondition::Summary, texts}};
        o.traceTexts = &other;
        QVERIFY_THROWS_EXCEPTION(Error, buildSftExample(ds.items[0], rule, c, o));
    }
}

void TestSftFreeForm::traceFileMustFitTheDataset() {
    Dataset ds = babiDataset(4);
    const auto& rule = ruleFor(ds.kind);
    TraceTextFiles files;
    SftOptions o;
    o.traceTexts = &files;
    // An item of the dataset without a trace: named with the file.
    Dataset fewer = ds;
    fewer.items.pop_back();
    files[SftCondition::FreeForm] = parseTraceTexts(traceJsonl(fewer), "ff.jsonl");
    expectError(errorOf([&] { buildSftSet(ds, SftCondition::FreeForm, o); }), "ff.jsonl", 0, "",
                "no trace for item 'qa1/train/4/4' of dataset 'unit-babi'");
    expectError(errorOf([&] { buildSftExample(ds.items[3], rule, SftCondition::FreeForm, o); }),
                "ff.jsonl", 0, "", "no trace for item 'qa1/train/4/4'");
    // ... unless it is left out anyway (no gold answer): then it needs none.
    Dataset unanswered = ds;
    unanswered.items[3].goldAnswers.clear();
    std::vector<std::string> leftOut;
    QCOMPARE(buildSftSet(unanswered, SftCondition::FreeForm, o, {}, &leftOut).size(),
             std::size_t(3));
    QCOMPARE(leftOut, std::vector<std::string>{"qa1/train/4/4"});
    // An id of the file that names no item: named with its line, unless allowed.
    files[SftCondition::FreeForm] = parseTraceTexts(traceJsonl(ds), "ff.jsonl");
    expectError(errorOf([&] { buildSftSet(fewer, SftCondition::FreeForm, o); }), "ff.jsonl", 4,
                "item_id", "'qa1/train/4/4' names no item of dataset 'unit-babi'");
    o.allowTracesOfOtherItems = true;
    QCOMPARE(buildSftSet(fewer, SftCondition::FreeForm, o).size(), std::size_t(3));
    // Several missing: the first is named and the rest counted.
    o.allowTracesOfOtherItems = false;
    files[SftCondition::FreeForm] = parseTraceTexts(
        nlohmann::json{{"item_id", "qa1/train/1/4"}, {"trace", "t"}}.dump(), "ff.jsonl");
    expectError(errorOf([&] { buildSftSet(ds, SftCondition::FreeForm, o); }), "ff.jsonl", 0, "",
                "'qa1/train/2/4' of dataset 'unit-babi' (condition free-form); 2 more");
}

void TestSftFreeForm::derangementProperties() {
    std::vector<std::string> ids;
    for (int i = 0; i < 50; ++i) ids.push_back("item-" + std::to_string(i));
    std::set<std::vector<std::size_t>> seen;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
        const auto donors = swappedDonors(ids, seed);
        QCOMPARE(donors.size(), ids.size());
        QVERIFY(isPermutation(donors));
        for (std::size_t i = 0; i < donors.size(); ++i) QVERIFY(donors[i] != i);
        QCOMPARE(swappedDonors(ids, seed), donors);  // deterministic
        seen.insert(donors);
    }
    QCOMPARE(seen.size(), std::size_t(40));  // the seed matters
    // The order of the ids does not: item -> donor is the same for any order.
    std::vector<std::string> reversed(ids.rbegin(), ids.rend());
    const auto a = swappedDonors(ids, 5), b = swappedDonors(reversed, 5);
    for (std::size_t i = 0; i < ids.size(); ++i)
        QCOMPARE(ids[a[i]], reversed[b[ids.size() - 1 - i]]);
    QCOMPARE(swappedDonors({"x", "y"}, 3), (std::vector<std::size_t>{1, 0}));
    QVERIFY_THROWS_EXCEPTION(Error, swappedDonors({"x"}, 3));
    QVERIFY_THROWS_EXCEPTION(Error, swappedDonors({}, 3));
    QVERIFY_THROWS_EXCEPTION(Error, swappedDonors({"x", "y", "x"}, 3));
}

void TestSftFreeForm::derangementReachesEveryDerangement() {
    // Four items have 9 derangements; a single-cycle construction (Sattolo)
    // would reach only the 6 four-cycles.
    std::set<std::vector<std::size_t>> seen;
    for (std::uint64_t seed = 0; seed < 400; ++seed)
        seen.insert(swappedDonors({"a", "b", "c", "d"}, seed));
    QCOMPARE(seen.size(), std::size_t(9));
}

void TestSftFreeForm::swappedTargets() {
    const Dataset ds = babiDataset(6);
    const auto& rule = ruleFor(ds.kind);
    std::vector<std::string> ids;
    for (const auto& it : ds.items) ids.push_back(it.id);
    TraceTextFiles files{{SftCondition::Summary, parseTraceTexts(traceJsonl(ds), "s.jsonl")}};
    for (auto source : {SftCondition::Correct, SftCondition::Incorrect, SftCondition::Summary}) {
        SftOptions o;
        o.seed = 11;
        o.traceTexts = &files;
        o.swapSource = source;
        const auto set = buildSftSet(ds, SftCondition::Swapped, o);
        const auto donors = swappedDonors(ids, 11);
        QCOMPARE(set.size(), ds.items.size());
        for (std::size_t i = 0; i < set.size(); ++i) {
            const Item& it = ds.items[i];
            const Item& donor = ds.items[donors[i]];
            QCOMPARE(set[i].itemId, it.id);
            QCOMPARE(set[i].condition, SftCondition::Swapped);
            // The donor's trace (its own draws, for incorrect), the item's own answer.
            QCOMPARE(set[i].assistantContent(), "<think>" + sftTraceText(donor, rule, source, o) +
                                                    "</think> <answer>" + it.goldAnswers[0] +
                                                    "</answer>");
            QVERIFY(set[i].assistantContent() !=
                    sftAssistantTarget(it, rule, source, o));  // never its own
            QCOMPARE(set[i].messages[1].content, rule.userPrompt(it, o.promptStyle));
        }
        QCOMPARE(buildSftSet(ds, SftCondition::Swapped, o), set);
    }
    // Items left out (no answer) take no part in the derangement.
    Dataset partial = ds;
    partial.items[2].goldAnswers.clear();
    SftOptions o;
    o.swapSource = SftCondition::Correct;
    const auto set = buildSftSet(partial, SftCondition::Swapped, o);
    QCOMPARE(set.size(), std::size_t(5));
    for (const auto& ex : set) QVERIFY(ex.assistantContent().find("P2 moved") == std::string::npos);
}

void TestSftFreeForm::swappedRefusals() {
    const Dataset ds = babiDataset(3);
    const auto& rule = ruleFor(ds.kind);
    SftOptions o;
    expectError(errorOf([&] { buildSftSet(ds, SftCondition::Swapped, o); }), "", 0, "",
                "needs a source condition");
    for (auto bad : {SftCondition::Vanilla, SftCondition::Swapped}) {
        o.swapSource = bad;
        expectError(errorOf([&] { buildSftSet(ds, SftCondition::Swapped, o); }), "", 0, "",
                    "cannot take its traces from condition " + std::string(sftConditionName(bad)));
    }
    o.swapSource = SftCondition::Explanation;  // a file condition without its file
    expectError(errorOf([&] { buildSftSet(ds, SftCondition::Swapped, o); }), "", 0, "",
                "condition explanation needs a trace file");
    TraceTextFiles files{{SftCondition::Explanation, parseTraceTexts(traceJsonl(ds), "e.jsonl")}};
    o.traceTexts = &files;
    QCOMPARE(buildSftSet(ds, SftCondition::Swapped, o).size(), std::size_t(3));
    Dataset one = ds;
    one.items.resize(1);
    o.swapSource = SftCondition::Correct;
    expectError(errorOf([&] { buildSftSet(one, SftCondition::Swapped, o); }), "", 0, "",
                "needs at least 2 items");
    expectError(errorOf([&] { buildSftExample(ds.items[0], rule, SftCondition::Swapped, o); }), "",
                0, "", "use buildSftSet");
    QVERIFY_THROWS_EXCEPTION(Error, sftTraceText(ds.items[0], rule, SftCondition::Vanilla, o));
}

void TestSftFreeForm::jsonlRoundTrip() {
    const Dataset ds = babiDataset(3);
    TraceTextFiles files{{SftCondition::FreeForm, parseTraceTexts(traceJsonl(ds), "t.jsonl")}};
    SftOptions o;
    o.traceTexts = &files;
    for (auto c : {SftCondition::FreeForm, SftCondition::Swapped}) {
        o.swapSource = SftCondition::FreeForm;
        const auto set = buildSftSet(ds, c, o);
        QCOMPARE(parseSftJsonl(sftJsonl(set)), set);
    }
}

QTEST_GUILESS_MAIN(TestSftFreeForm)
#include "test_sft_free_form.moc"
