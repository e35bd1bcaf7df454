// Checks the SFT builder against the paper's own SFT files (shared data):
// our correct / vanilla / class-only targets must equal the paper's byte for
// byte, our incorrect targets must have the paper's perturbed structure, and
// no incorrect target may ever name the gold class or quote a gold unit.
#include <QtTest>

#include <algorithm>
#include <set>

#include "core/data/csv.h"
#include "core/data/dataset_loader.h"
#include "core/data/python_literal.h"
#include "core/decompose/rule.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"
#include "tests/decompose/paper_items.h"

using namespace ts;
using namespace ts::test;
namespace fs = std::filesystem;

namespace {

const char* kCotempCorrect = "cotempqa/sft_dataset_reasoning_with_facts_chat_template/test.csv";
const char* kCotempPerturbed =
    "cotempqa/sft_dataset_reasoning_facts_perturbed_chat_template/test.csv";
const char* kBabiDir = "trace_check_qa_babiqa/data/babiqa/";

struct Target {
    bool ok = false;
    std::string label, retrieval, answer;
};

// "<think>{classPrefix}{label}.\n{retrievalPrefix}{retrieval}</think> <answer>{answer}</answer>"
Target parseTarget(const std::string& t, const DecompositionRule& rule) {
    Target out;
    const std::string head = "<think>" + std::string(rule.classSentencePrefix());
    if (!startsWith(t, head)) return out;
    const auto labelEnd = t.find(".\n", head.size());
    if (labelEnd == std::string::npos) return out;
    out.label = t.substr(head.size(), labelEnd - head.size());
    const std::size_t retStart = labelEnd + 2;
    if (t.compare(retStart, rule.retrievalSentencePrefix().size(),
                  rule.retrievalSentencePrefix()) != 0)
        return out;
    const auto thinkEnd = t.find("</think> <answer>", retStart);
    if (thinkEnd == std::string::npos || !endsWith(t, "</answer>")) return out;
    const std::size_t r0 = retStart + rule.retrievalSentencePrefix().size();
    out.retrieval = t.substr(r0, thinkEnd - r0);
    const std::size_t a0 = thinkEnd + std::string("</think> <answer>").size();
    out.answer = t.substr(a0, t.size() - a0 - std::string("</answer>").size());
    out.ok = true;
    return out;
}

SftOptions paperOptions() {
    SftOptions o;
    o.seed = 121;
    o.includeSystemMessage = false;  // the paper's CSVs hold user + assistant only
    return o;
}

std::vector<std::string> messagesColumn(const fs::path& csv) {
    const CsvTable t = readCsv(csv);
    std::vector<std::string> out;
    for (const auto& row : t.rows) out.push_back(row[t.column("messages")]);
    return out;
}

// The incorrect target of every item names a non-gold class and quotes no gold unit.
int checkIncorrectNeverGold(const Dataset& ds, std::uint64_t seed) {
    const auto& rule = ruleFor(ds.kind);
    SftOptions o;
    o.seed = seed;
    int checked = 0;
    for (const auto& ex : buildSftSet(ds, SftCondition::Incorrect, o)) {
        const Item& item = *std::find_if(ds.items.begin(), ds.items.end(),
                                         [&](const Item& i) { return i.id == ex.itemId; });
        const Target t = parseTarget(ex.assistantContent(), rule);
        if (!t.ok) qFatal("unparsable incorrect target for %s", item.id.c_str());
        if (toLowerAscii(t.label) == toLowerAscii(item.goldLabel))
            qFatal("gold class in %s", item.id.c_str());
        if (std::find(rule.labels().begin(), rule.labels().end(), t.label) == rule.labels().end())
            qFatal("label outside the set in %s", item.id.c_str());
        std::vector<std::string> quoted;
        if (ds.kind == DatasetKind::Babi)
            quoted = parsePythonStringList(t.retrieval);
        else if (t.retrieval != "[]")
            quoted = {t.retrieval};
        for (const auto& q : quoted)
            for (const auto& g : item.goldUnitTexts())
                if (toLowerAscii(q) == toLowerAscii(g))
                    qFatal("gold unit quoted in %s", item.id.c_str());
        if (ds.kind == DatasetKind::CoTempQA)
            for (const auto& q : quoted)
                for (const auto& a : item.goldAnswers)
                    if (contains(q, a))
                        qFatal("a fact naming a gold answer quoted in %s", item.id.c_str());
        ++checked;
    }
    return checked;
}

}  // namespace

class TestSftPaperFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cotempCorrectTargetsMatchPaper();
    void cotempCorrectCsvIsByteIdentical();
    void cotempIncorrectHasPerturbedStructure();
    void babiTargetsMatchPaper();
    void babiCsvFilesAreByteIdentical();
    void babiIncorrectHasPerturbedStructure();
    void incorrectNeverGoldOverWholeDatasets();
    void loaderItemsGiveThePaperTargets();
};

void TestSftPaperFiles::cotempCorrectTargetsMatchPaper() {
    const fs::path csv = sharedFile(kCotempCorrect);
    TS_REQUIRE_SHARED(csv.string());
    const Dataset ds = paperCotempItems(csv);
    QCOMPARE(ds.items.size(), std::size_t(950));
    const auto cells = messagesColumn(csv);
    const auto& rule = ruleFor(ds.kind);
    int targetMatches = 0, promptMatches = 0;
    for (std::size_t i = 0; i < ds.items.size(); ++i) {
        const SftExample ex =
            buildSftExample(ds.items[i], rule, SftCondition::Correct, paperOptions());
        QCOMPARE(ex.messages.size(), std::size_t(2));
        if (ex.assistantContent() == assistantOfMessagesCell(cells[i]))
            ++targetMatches;
        else
            qWarning("row %zu differs:\n ours : %s\n paper: %s", i, ex.assistantContent().c_str(),
                     assistantOfMessagesCell(cells[i]).c_str());
        if (ex.messages[0].content == userOfMessagesCell(cells[i])) ++promptMatches;
    }
    qInfo("CoTempQA correct targets equal to the paper's: %d / 950; prompts: %d / 950",
          targetMatches, promptMatches);
    QCOMPARE(targetMatches, 950);
    QCOMPARE(promptMatches, 950);
}

void TestSftPaperFiles::cotempCorrectCsvIsByteIdentical() {
    const fs::path csv = sharedFile(kCotempCorrect);
    TS_REQUIRE_SHARED(csv.string());
    const Dataset ds = paperCotempItems(csv);
    const auto examples = buildSftSet(ds, SftCondition::Correct, paperOptions());
    const std::string ours = sftPaperCsv(ds, examples);
    const std::string paper = readFile(csv);
    if (ours != paper) {
        const auto mism = std::mismatch(ours.begin(), ours.end(), paper.begin(), paper.end());
        const auto at = std::size_t(mism.first - ours.begin());
        QFAIL(
            qPrintable(QString("first difference at byte %1: ours '%2' paper '%3'")
                           .arg(at)
                           .arg(QString::fromStdString(ours.substr(at > 40 ? at - 40 : 0, 80)))
                           .arg(QString::fromStdString(paper.substr(at > 40 ? at - 40 : 0, 80)))));
    }
    // The per-class file too (same writer, one class).
    const fs::path equalCsv = csv.parent_path() / "equal_test.csv";
    const Dataset eq = paperCotempItems(equalCsv);
    QCOMPARE(sftPaperCsv(eq, buildSftSet(eq, SftCondition::Correct, paperOptions())),
             readFile(equalCsv));
}

void TestSftPaperFiles::cotempIncorrectHasPerturbedStructure() {
    const fs::path csv = sharedFile(kCotempCorrect);
    TS_REQUIRE_SHARED(csv.string());
    TS_REQUIRE_SHARED(sharedFile(kCotempPerturbed).string());
    const Dataset ds = paperCotempItems(csv);
    const auto paperCells = messagesColumn(sharedFile(kCotempPerturbed));
    QCOMPARE(paperCells.size(), ds.items.size());
    const auto& rule = ruleFor(ds.kind);
    int paperEmpty = 0, oursEmpty = 0, structureMatches = 0;
    for (std::size_t i = 0; i < ds.items.size(); ++i) {
        const Item& item = ds.items[i];
        const std::vector<int> nonGold = [&] {
            std::vector<int> v;
            for (std::size_t k = 0; k < item.context.size(); ++k)
                if (std::find(item.goldRetrieval.begin(), item.goldRetrieval.end(), int(k)) ==
                    item.goldRetrieval.end())
                    v.push_back(int(k));
            return v;
        }();
        auto isNonGoldFact = [&](const std::string& s) {
            return std::any_of(nonGold.begin(), nonGold.end(),
                               [&](int k) { return item.context[std::size_t(k)].text == s; });
        };
        const Target paper = parseTarget(assistantOfMessagesCell(paperCells[i]), rule);
        const Target ours = parseTarget(
            sftAssistantTarget(item, rule, SftCondition::Incorrect, paperOptions()), rule);
        QVERIFY(paper.ok && ours.ok);
        // Same structure: a different label of the set, one non-gold fact as a
        // bare string ("[]" only when every fact is gold), the same answer.
        bool same = true;
        for (const Target* t : {&paper, &ours}) {
            same = same && t->label != item.goldLabel &&
                   std::find(rule.labels().begin(), rule.labels().end(), t->label) !=
                       rule.labels().end();
            same = same && (t->retrieval == "[]" ? nonGold.empty() : isNonGoldFact(t->retrieval));
            same = same && t->answer == rule.answerText(item);
        }
        paperEmpty += paper.retrieval == "[]";
        oursEmpty += ours.retrieval == "[]";
        structureMatches += same;
    }
    qInfo(
        "CoTempQA incorrect targets with the paper's perturbed structure: %d / 950 ('[]' rows: "
        "paper %d, ours %d)",
        structureMatches, paperEmpty, oursEmpty);
    QCOMPARE(structureMatches, 950);
    QCOMPARE(oursEmpty, paperEmpty);
}

void TestSftPaperFiles::babiTargetsMatchPaper() {
    const fs::path dir = sharedFile(kBabiDir);
    TS_REQUIRE_SHARED(dir.string());
    TS_REQUIRE_SHARED(sharedFile("babi/en").string());
    const Dataset ds = paperBabiItems(
        dir / "sft_dataset_reasoning_with_facts_chat_template/test.csv", sharedFile("babi/en"));
    QCOMPARE(ds.items.size(), std::size_t(376));
    const auto& rule = ruleFor(ds.kind);
    struct Variant {
        const char* folder;
        SftCondition condition;
    };
    for (const Variant v :
         {Variant{"sft_dataset_reasoning_with_facts_chat_template", SftCondition::Correct},
          Variant{"sft_dataset_chat_template", SftCondition::Vanilla},
          Variant{"sft_dataset_reasoning_chat_template", SftCondition::ClassOnly}}) {
        const auto cells = messagesColumn(dir / v.folder / "test.csv");
        QCOMPARE(cells.size(), ds.items.size());
        int matches = 0;
        for (std::size_t i = 0; i < ds.items.size(); ++i) {
            const SftExample ex = buildSftExample(ds.items[i], rule, v.condition, paperOptions());
            const bool same = ex.assistantContent() == assistantOfMessagesCell(cells[i]) &&
                              ex.messages[0].content == userOfMessagesCell(cells[i]);
            if (!same)
                qWarning("%s row %zu differs: %s", v.folder, i, ex.assistantContent().c_str());
            matches += same;
        }
        qInfo("bAbI %s targets equal to the paper's: %d / 376",
              std::string(sftConditionName(v.condition)).c_str(), matches);
        QCOMPARE(matches, 376);
    }
}

void TestSftPaperFiles::babiCsvFilesAreByteIdentical() {
    const fs::path dir = sharedFile(kBabiDir);
    TS_REQUIRE_SHARED(dir.string());
    TS_REQUIRE_SHARED(sharedFile("babi/en").string());
    const Dataset ds = paperBabiItems(
        dir / "sft_dataset_reasoning_with_facts_chat_template/test.csv", sharedFile("babi/en"));
    for (const auto& [folder, condition] :
         {std::pair{"sft_dataset_reasoning_with_facts_chat_template", SftCondition::Correct},
          std::pair{"sft_dataset_chat_template", SftCondition::Vanilla},
          std::pair{"sft_dataset_reasoning_chat_template", SftCondition::ClassOnly}}) {
        const std::string ours = sftPaperCsv(ds, buildSftSet(ds, condition, paperOptions()));
        QVERIFY2(ours == readFile(dir / folder / "test.csv"), folder);
    }
}

void TestSftPaperFiles::babiIncorrectHasPerturbedStructure() {
    const fs::path dir = sharedFile(kBabiDir);
    TS_REQUIRE_SHARED(dir.string());
    TS_REQUIRE_SHARED(sharedFile("babi/en").string());
    const Dataset ds = paperBabiItems(
        dir / "sft_dataset_reasoning_with_facts_chat_template/test.csv", sharedFile("babi/en"));
    const auto cells =
        messagesColumn(dir / "sft_dataset_reasoning_facts_perturbed_chat_template/test.csv");
    const auto& rule = ruleFor(ds.kind);
    int matches = 0;
    for (std::size_t i = 0; i < ds.items.size(); ++i) {
        const Item& item = ds.items[i];
        std::set<std::string> goldLower;
        for (const auto& g : item.goldUnitTexts()) goldLower.insert(toLowerAscii(g));
        std::multiset<std::string> nonGoldLower;
        for (const auto& u : item.context)
            if (!goldLower.count(toLowerAscii(u.text))) nonGoldLower.insert(toLowerAscii(u.text));
        const std::size_t expectedCount = std::min(item.goldRetrieval.size(), nonGoldLower.size());
        const Target paper = parseTarget(assistantOfMessagesCell(cells[i]), rule);
        const Target ours = parseTarget(
            sftAssistantTarget(item, rule, SftCondition::Incorrect, paperOptions()), rule);
        bool same = paper.ok && ours.ok;
        for (const Target* t : {&paper, &ours}) {
            if (!same) break;
            same = t->label != item.goldLabel &&
                   std::find(rule.labels().begin(), rule.labels().end(), t->label) !=
                       rule.labels().end() &&
                   t->answer == item.goldAnswers[0];
            const auto quoted = parsePythonStringList(t->retrieval);
            same = same && quoted.size() == expectedCount;
            for (const auto& q : quoted)
                same = same && q == toLowerAscii(q) && nonGoldLower.count(q) > 0;
        }
        matches += same;
    }
    qInfo("bAbI incorrect targets with the paper's perturbed structure: %d / 376", matches);
    QCOMPARE(matches, 376);
}

void TestSftPaperFiles::incorrectNeverGoldOverWholeDatasets() {
    TS_REQUIRE_SHARED(sharedFile(kCotempCorrect).string());
    int checked = 0;
    checked += checkIncorrectNeverGold(paperCotempItems(sharedFile(kCotempCorrect)), 121);
    for (const char* cls : {"equal", "overlap", "mix"}) {
        const fs::path raw = sharedFile(std::string("cotempqa/") + cls + ".json");
        if (fs::exists(raw)) checked += checkIncorrectNeverGold(rawCotempItems(raw, cls), 7);
    }
    const fs::path babiCsv = sharedFile(std::string(kBabiDir) +
                                        "sft_dataset_reasoning_with_facts_chat_template/test.csv");
    if (fs::exists(babiCsv))
        checked += checkIncorrectNeverGold(paperBabiItems(babiCsv, sharedFile("babi/en")), 122);
    const fs::path marco = sharedFile("msmarco/ms_marco_sample.json");
    if (fs::exists(marco)) {
        int unanswered = 0;
        const Dataset ds = marcoSampleItems(marco, &unanswered);
        QCOMPARE(int(ds.items.size()) + unanswered, 200);
        checked += checkIncorrectNeverGold(ds, 123);
    }
    qInfo("incorrect targets checked for gold classes and gold units: %d", checked);
    QVERIFY(checked >= 950 + 1652 + 376 + 193);
}

void TestSftPaperFiles::loaderItemsGiveThePaperTargets() {
    // The same check through the project's loader for the paper's CSVs, which
    // takes the class from the reasoning sentence and the bAbI supporting lines
    // from answer_passage (and keeps each row's assistant message).
    const fs::path cotemp = sharedFile(kCotempCorrect);
    const fs::path babi = sharedFile(std::string(kBabiDir) +
                                     "sft_dataset_reasoning_with_facts_chat_template/test.csv");
    TS_REQUIRE_SHARED(cotemp.string());
    TS_REQUIRE_SHARED(babi.string());
    for (const auto& [path, expected] : {std::pair{cotemp, 950}, std::pair{babi, 376}}) {
        const Dataset ds = loadDataset({path}, DatasetFormat::TraceCheckQaCsv);
        QCOMPARE(int(ds.items.size()), expected);
        const auto& rule = ruleFor(ds.kind);
        int matches = 0;
        for (const Item& item : ds.items) {
            const SftExample ex =
                buildSftExample(item, rule, SftCondition::Correct, paperOptions());
            matches += ex.assistantContent() == item.meta.at("assistant_target").get<std::string>();
        }
        qInfo("%s: correct targets from loaded items equal to the paper's: %d / %d",
              path.filename().string().c_str(), matches, expected);
        QCOMPARE(matches, expected);
    }
}

TS_DATA_TEST_MAIN(TestSftPaperFiles)
#include "test_sft_paper_files.moc"
