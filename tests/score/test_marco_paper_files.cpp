// The paper's MS MARCO file layouts, end to end on the shared v1.1 sample
// (the paper's own MARCO CSVs and outputs are not published): our SFT CSV in
// the columns of marco_process_data_for_prompting.py / marco_create_sft_data.py
// loads back as the same items and is rewritten byte for byte; predictions
// laid out as the paper's evaluation_outputs JSON Lines pair with it and are
// scored under both rules; a tampered row is refused with file, line, column.
#include <QtTest>

#include "core/data/csv.h"
#include "core/data/dataset_loader.h"
#include "core/data/trace_check_csv_loader.h"
#include "core/decompose/msmarco_rule.h"
#include "core/decompose/sft_builder.h"
#include "core/decompose/sft_writers.h"
#include "core/score/run_scorer.h"
#include "core/score/trace_check_qa_reader.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

using namespace ts;
namespace fs = std::filesystem;

namespace {

SftOptions paperOptions() {
    SftOptions o;
    o.seed = 1;
    o.includeSystemMessage = false;               // the paper's CSVs hold no system turn
    o.promptStyle = PromptStyle::PaperInference;  // its MARCO template: "\nOnly return ..."
    return o;
}

std::string assistantOf(const SftExample& ex) {
    for (const auto& m : ex.messages)
        if (m.role == "assistant") return m.content;
    return {};
}

// One evaluation_outputs record as marco_sft_inference.py wrote it: gold and
// passage are the CSV's answers and passages cells.
std::string outputRecord(const Item& item, const std::string& prediction) {
    nlohmann::json j = {{"input", "<prompt>"},
                        {"prediction", prediction},
                        {"gold", marcoAnswersCell(item)},
                        {"question", item.question},
                        {"query_type", item.meta.at("query_type")},
                        {"passage", pythonReprList(item.contextTexts())},
                        {"reasoning", "..."},
                        {"answer_passage", item.meta.at("answer_passage_cell")}};
    return j.dump() + "\n";
}

}  // namespace

class TestMarcoPaperFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void csvRoundTrip();
    void evaluationOutputsUnderBothRules();
    void tamperedRowsNameTheCell();

private:
    Dataset source_;
    std::vector<SftExample> examples_;
    fs::path dir_, csv_;
};

void TestMarcoPaperFiles::initTestCase() {
    const fs::path sample = ts::test::sharedFile("msmarco/ms_marco_sample.json");
    source_ = loadDataset({sample});
    std::vector<std::string> leftOut;
    examples_ = buildSftSet(source_, SftCondition::Correct, paperOptions(), {}, &leftOut);
    QCOMPARE(leftOut.size(), std::size_t(7));  // the records without answers
    dir_ = ts::test::scratchDir("marco_paper_files");
    csv_ = dir_ / "test.csv";
    writeSftFile(csv_, source_, examples_);
}

void TestMarcoPaperFiles::csvRoundTrip() {
    const std::string written = readFile(csv_);
    QVERIFY(startsWith(written,
                       "answers,passages,query,question,query_type,reasoning,answer_passage,"
                       "messages\n"));
    QVERIFY(detectFormat(csv_) == DatasetFormat::TraceCheckQaCsv);
    const Dataset loaded = loadTraceCheckQaCsv(csv_);
    QVERIFY(loaded.kind == DatasetKind::MsMarco);
    QCOMPARE(loaded.items.size(), examples_.size());
    std::map<std::string, const Item*> byId;
    for (const Item& item : source_.items) byId[item.id] = &item;
    for (std::size_t r = 0; r < loaded.items.size(); ++r) {
        const Item& got = loaded.items[r];
        const Item& want = *byId.at(examples_[r].itemId);
        QCOMPARE(got.id, "marco/test/row" + std::to_string(r));
        QCOMPARE(got.question, want.question);
        QCOMPARE(got.contextTexts(), want.contextTexts());
        QCOMPARE(got.goldAnswers, want.goldAnswers);
        QCOMPARE(got.goldLabel, want.goldLabel);
        QCOMPARE(got.goldRetrieval, want.goldRetrieval);
        QCOMPARE(got.meta["assistant_target"].get<std::string>(), assistantOf(examples_[r]));
    }
    // The loaded items write the same file again, byte for byte.
    const auto again = buildSftSet(loaded, SftCondition::Correct, paperOptions());
    QCOMPARE(sftPaperCsv(loaded, again), written);
}

void TestMarcoPaperFiles::evaluationOutputsUnderBothRules() {
    const Dataset gold = loadTraceCheckQaCsv(csv_);
    const DecompositionRule& rule = ruleFor(DatasetKind::MsMarco);
    std::string lines;
    for (std::size_t r = 0; r < gold.items.size(); ++r) {
        const Item& item = gold.items[r];
        const std::string target = item.meta["assistant_target"].get<std::string>();
        std::string prediction = "assistant\n\n" + target;  // rows 0, 3, 6, ...: the gold trace
        if (r % 3 == 1) {                                   // the class replaced by another label
            const std::string wrong = item.goldLabel == "PERSON" ? "ENTITY" : "PERSON";
            prediction = "<think>" + rule.classSentence(wrong) + rule.goldRetrievalSentence(item) +
                         "</think> <answer>" + item.goldAnswers.front() + "</answer>";
        } else if (r % 3 == 2) {
            prediction = item.goldAnswers.front();  // no trace at all
        }
        lines += outputRecord(item, prediction);
    }
    const fs::path preds = ts::test::writeText(dir_ / "model_default.json", lines);
    const ScoringPair pair = readTraceCheckQaPair(preds, csv_, gold, DatasetKind::MsMarco);
    QCOMPARE(pair.items.size(), gold.items.size());
    QVERIFY(pair.legacyGold);

    ScoringConfig legacy;
    legacy.rule = ScoringRuleKind::Legacy;
    const RunScore l = scoreRun({pair}, legacy);
    ScoringConfig strict;
    const RunScore s = scoreRun({pair}, strict);
    const auto& lv = l.pairs[0].verdicts;
    const auto& sv = s.pairs[0].verdicts;
    std::size_t ownRows = 0;
    for (std::size_t r = 0; r < lv.size(); ++r) {
        const Item& item = pair.items[r];
        if (r % 3 == 2) {  // no "think": the script skipped it
            QVERIFY(lv[r].evidence.unevaluatedReason == UnevaluatedReason::NoThinkWord);
            QVERIFY(sv[r].classStep == StepVerdict::Wrong);
            continue;
        }
        QVERIFY(sv[r].classStep == (r % 3 == 0 ? StepVerdict::Ok : StepVerdict::Wrong));
        if (item.goldRetrieval.empty()) continue;  // "[]" quotes no passage
        QVERIFY2(sv[r].retrievalStep == StepVerdict::Ok,
                 (item.id + ": strict retrieval " + std::string(toString(sv[r].retrievalStep)) +
                  ", cited " + std::to_string(sv[r].goldCited) + " of " +
                  std::to_string(sv[r].goldCount) + ", unmatched " +
                  std::to_string(sv[r].unmatched.size()) + ", parse " +
                  std::string(toString(sv[r].parse)))
                     .c_str());
        // The legacy gold row is the first with the same answers cell; on the
        // item's own row the gold passage is one of the row's facts.
        if (!lv[r].evidence.goldRowIsOwn) continue;
        ++ownRows;
        QVERIFY(lv[r].retrievalStep == StepVerdict::Ok);
        QVERIFY(lv[r].classStep == (r % 3 == 0 ? StepVerdict::Ok : StepVerdict::Wrong));
    }
    QVERIFY(ownRows > 100);
    QCOMPARE(l.unevaluated, static_cast<long long>(gold.items.size() / 3));
}

void TestMarcoPaperFiles::tamperedRowsNameTheCell() {
    CsvTable table = readCsv(csv_);
    const Dataset gold = loadTraceCheckQaCsv(csv_);
    std::size_t row = 0;
    while (gold.items[row].goldRetrieval.empty()) ++row;
    // The answer_passage cell of that row no longer names one of its passages.
    table.rows[row][table.column("answer_passage")] = "not a passage of this row";
    std::string text = csvRecord(table.header);
    for (const auto& cells : table.rows) text += csvRecord(cells);
    const fs::path f = ts::test::writeText(dir_ / "bad_test.csv", text);
    try {
        loadTraceCheckQaCsv(f);
        QFAIL("a tampered answer_passage loaded");
    } catch (const Error& e) {
        const std::string what = e.what();
        const std::string line = ":" + std::to_string(table.rowLines[row]) + ":";
        QVERIFY2(contains(what, f.string() + line) && contains(what, "answer_passage") &&
                     contains(what, "neither one of the row's passages"),
                 what.c_str());
    }
}

TS_DATA_TEST_MAIN(TestMarcoPaperFiles)
#include "test_marco_paper_files.moc"
