// The loaders on every real file of ../shared/data: the counts the READMEs
// state, format detection, and cross-checks between sources that describe the
// same items (raw CoTempQA files vs the paper's split and SFT CSVs; bAbI task
// files vs the paper's bAbI CSVs; the paper's assistant targets vs the gold
// class and retrieval the loaders computed).
#include <QtTest>

#include <map>
#include <set>

#include "core/data/babi_loader.h"
#include "core/data/dataset_loader.h"
#include "core/data/jsonl_dataset.h"
#include "core/data/msmarco_loader.h"
#include "core/decompose/rule.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;
using ts::test::sharedFile;

class TestLoadersData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cotempqaClassFiles();
    void cotempqaSplitCsvsMatchRawItems();
    void cotempqaSftCsvs();
    void babiTaskFileCounts();
    void babiPaperCsvsMatchTaskFiles();
    void marcoSample();
    void marcoGoldPassagesMatchNltk();
    void detectsEveryFile();
    void jsonlRoundTripOfRealData();

private:
    std::map<std::string, ts::Item> rawCoTempQa();
};

namespace {

const char* const kSft = "cotempqa/sft_dataset_reasoning_with_facts_chat_template/";
const char* const kSftPerturbed = "cotempqa/sft_dataset_reasoning_facts_perturbed_chat_template/";
const char* const kBabiCsvDir = "trace_check_qa_babiqa/data/babiqa/";

// The paper's correct-trace assistant target of an item, from the rule.
std::string correctTarget(const ts::Item& item, ts::DatasetKind kind) {
    const ts::DecompositionRule& rule = ts::ruleFor(kind);
    return "<think>" + rule.classSentence(item.goldLabel) +
           rule.retrievalSentence(item.goldUnitTexts()) + "</think> <answer>" +
           rule.answerText(item) + "</answer>";
}

void compareSourceFields(const ts::Item& got, const ts::Item& raw) {
    QCOMPARE(got.question, raw.question);
    QVERIFY(got.context == raw.context);
    QCOMPARE(got.goldAnswers, raw.goldAnswers);
    QCOMPARE(got.goldLabel, raw.goldLabel);
    QCOMPARE(got.goldRetrieval, raw.goldRetrieval);
    QCOMPARE(got.meta["triple_element"], raw.meta["triple_element"]);
}

struct BabiCount {
    const char* file;
    std::size_t stories, questions;
};

// SOURCES-extra.md: stories and questions per file.
const BabiCount kBabiCounts[] = {
    {"en/qa1_single-supporting-fact_train.txt", 200, 1000},
    {"en/qa1_single-supporting-fact_test.txt", 200, 1000},
    {"en/qa2_two-supporting-facts_train.txt", 200, 1000},
    {"en/qa2_two-supporting-facts_test.txt", 200, 1000},
    {"en/qa3_three-supporting-facts_train.txt", 200, 1000},
    {"en/qa3_three-supporting-facts_test.txt", 200, 1000},
    {"en/qa4_two-arg-relations_train.txt", 1000, 1000},
    {"en/qa4_two-arg-relations_test.txt", 1000, 1000},
    {"en/qa5_three-arg-relations_train.txt", 200, 1000},
    {"en/qa5_three-arg-relations_test.txt", 200, 1000},
    {"en/qa6_yes-no-questions_train.txt", 200, 1000},
    {"en/qa6_yes-no-questions_test.txt", 200, 1000},
    {"en/qa7_counting_train.txt", 200, 1000},
    {"en/qa7_counting_test.txt", 200, 1000},
    {"en/qa8_lists-sets_train.txt", 200, 1000},
    {"en/qa8_lists-sets_test.txt", 200, 1000},
    {"en/qa9_simple-negation_train.txt", 200, 1000},
    {"en/qa9_simple-negation_test.txt", 200, 1000},
    {"en/qa10_indefinite-knowledge_train.txt", 200, 1000},
    {"en/qa10_indefinite-knowledge_test.txt", 200, 1000},
    {"en/qa11_basic-coreference_train.txt", 200, 1000},
    {"en/qa11_basic-coreference_test.txt", 200, 1000},
    {"en/qa12_conjunction_train.txt", 200, 1000},
    {"en/qa12_conjunction_test.txt", 200, 1000},
    {"en/qa13_compound-coreference_train.txt", 200, 1000},
    {"en/qa13_compound-coreference_test.txt", 200, 1000},
    {"en/qa14_time-reasoning_train.txt", 200, 1000},
    {"en/qa14_time-reasoning_test.txt", 200, 1000},
    {"en/qa15_basic-deduction_train.txt", 250, 1000},
    {"en/qa15_basic-deduction_test.txt", 250, 1000},
    {"en/qa16_basic-induction_train.txt", 1000, 1000},
    {"en/qa16_basic-induction_test.txt", 1000, 1000},
    {"en/qa17_positional-reasoning_train.txt", 125, 1000},
    {"en/qa17_positional-reasoning_test.txt", 125, 1000},
    {"en/qa18_size-reasoning_train.txt", 198, 1000},
    {"en/qa18_size-reasoning_test.txt", 199, 1000},
    {"en/qa19_path-finding_train.txt", 1000, 1000},
    {"en/qa19_path-finding_test.txt", 1000, 1000},
    {"en/qa20_agents-motivations_train.txt", 94, 1000},
    {"en/qa20_agents-motivations_test.txt", 93, 1000},
    {"en-10k/qa1_single-supporting-fact_train.txt", 2000, 10000},
    {"en-10k/qa1_single-supporting-fact_test.txt", 200, 1000},
    {"en-10k/qa2_two-supporting-facts_train.txt", 2000, 10000},
    {"en-10k/qa2_two-supporting-facts_test.txt", 200, 1000},
    {"en-10k/qa3_three-supporting-facts_test.txt", 200, 1000},
};

}  // namespace

std::map<std::string, ts::Item> TestLoadersData::rawCoTempQa() {
    std::map<std::string, ts::Item> byId;
    for (const char* cls : {"equal", "overlap", "mix"}) {
        ts::Dataset ds = ts::loadDataset({sharedFile(std::string("cotempqa/") + cls + ".json")});
        for (ts::Item& item : ds.items) byId.emplace(item.id, std::move(item));
    }
    return byId;
}

void TestLoadersData::cotempqaClassFiles() {
    const std::pair<const char*, std::size_t> expected[] = {
        {"equal", 436}, {"overlap", 653}, {"mix", 563}};
    for (const auto& [cls, count] : expected) {
        const fs::path f = sharedFile(std::string("cotempqa/") + cls + ".json");
        TS_REQUIRE_SHARED(f);
        const ts::Dataset ds = ts::loadDataset({f});
        QCOMPARE(ds.kind, ts::DatasetKind::CoTempQA);
        QCOMPARE(ds.items.size(), count);
        for (std::size_t i = 0; i < ds.items.size(); ++i) {
            const ts::Item& item = ds.items[i];
            QCOMPARE(item.id, std::string(cls) + "/" + std::to_string(i));  // index = position
            QCOMPARE(item.goldLabel, std::string(cls));
            QVERIFY(!item.goldAnswers.empty() && item.goldAnswers.size() <= 4);
            if (std::string(cls) == "mix") QVERIFY(item.goldAnswers.size() >= 2);
            QVERIFY2(!item.goldRetrieval.empty(), item.id.c_str());
        }
    }
}

void TestLoadersData::cotempqaSplitCsvsMatchRawItems() {
    TS_REQUIRE_SHARED(sharedFile("cotempqa/test_set.csv"));
    const auto raw = rawCoTempQa();
    for (const char* split : {"test", "val"}) {
        const ts::Dataset ds =
            ts::loadDataset({sharedFile(std::string("cotempqa/") + split + "_set.csv")});
        QCOMPARE(ds.items.size(), std::size_t(475));
        std::size_t matched = 0;
        for (const ts::Item& item : ds.items) {
            QCOMPARE(item.split, std::string(split));
            if (item.goldLabel == "during") continue;  // during.json is not in the shared data
            const auto it = raw.find(item.id);
            QVERIFY2(it != raw.end(), item.id.c_str());
            compareSourceFields(item, it->second);
            ++matched;
        }
        QVERIFY(matched > 150);
    }
}

void TestLoadersData::cotempqaSftCsvs() {
    TS_REQUIRE_SHARED(sharedFile(std::string(kSft) + "test.csv"));
    const auto raw = rawCoTempQa();
    const std::pair<const char*, std::size_t> files[] = {
        {"equal", 87}, {"overlap", 131}, {"during", 619}, {"mix", 113}};
    for (const auto& [cls, count] : files) {
        const ts::Dataset ds = ts::loadDataset({sharedFile(std::string(kSft) + cls + "_test.csv")});
        QCOMPARE(ds.items.size(), count);
        for (const ts::Item& item : ds.items) {
            QCOMPARE(item.goldLabel, std::string(cls));
            QCOMPARE(item.split, std::string("test"));
            // The paper's own correct trace names exactly our gold class and facts.
            QCOMPARE(item.meta["assistant_target"].get<std::string>(),
                     correctTarget(item, ts::DatasetKind::CoTempQA));
            if (std::string(cls) == "during") continue;
            const auto it = raw.find(item.id);
            QVERIFY2(it != raw.end(), item.id.c_str());
            compareSourceFields(item, it->second);
        }
    }
    // test.csv joins the four files: overlap, during, mix, equal.
    const ts::Dataset all = ts::loadDataset({sharedFile(std::string(kSft) + "test.csv")});
    QCOMPARE(all.items.size(), std::size_t(950));
    QCOMPARE(all.items[0].goldLabel, std::string("overlap"));
    QCOMPARE(all.items[131].goldLabel, std::string("during"));
    QCOMPARE(all.items[750].goldLabel, std::string("mix"));
    QCOMPARE(all.items[949].goldLabel, std::string("equal"));
    QCOMPARE(all.items[949].meta["row"].get<int>(), 949);
    // The perturbed set: same rows and true classes, different targets.
    const ts::Dataset perturbed =
        ts::loadDataset({sharedFile(std::string(kSftPerturbed) + "test.csv")});
    QCOMPARE(perturbed.items.size(), std::size_t(950));
    std::size_t differing = 0;
    for (std::size_t i = 0; i < 950; ++i) {
        QCOMPARE(perturbed.items[i].id, all.items[i].id);
        QCOMPARE(perturbed.items[i].goldLabel, all.items[i].goldLabel);
        differing +=
            perturbed.items[i].meta["assistant_target"] != all.items[i].meta["assistant_target"];
    }
    QCOMPARE(differing, std::size_t(950));
}

void TestLoadersData::babiTaskFileCounts() {
    TS_REQUIRE_SHARED(sharedFile("babi/en"));
    ts::LoadOptions all;
    all.babiItems = ts::BabiItems::AllQuestions;
    for (const BabiCount& c : kBabiCounts) {
        const fs::path f = sharedFile(std::string("babi/") + c.file);
        const ts::Dataset first = ts::loadDataset({f});
        QVERIFY2(first.items.size() == c.stories, c.file);
        const ts::Dataset every = ts::loadDataset({f}, ts::DatasetFormat::Babi, all);
        QVERIFY2(every.items.size() == c.questions, c.file);
        const int task = ts::parseBabiFileName(f).task;
        for (const ts::Item& item : every.items) {
            QCOMPARE(item.meta["task"].get<int>(), task);
            QVERIFY2(!item.goldRetrieval.empty(), item.id.c_str());
            QCOMPARE(item.goldRetrieval.size(), item.meta["supporting_ids"].size());
        }
    }
    // en-10k's test files are the en test files, item for item.
    const ts::Dataset a =
        ts::loadDataset({sharedFile("babi/en/qa2_two-supporting-facts_test.txt")});
    const ts::Dataset b =
        ts::loadDataset({sharedFile("babi/en-10k/qa2_two-supporting-facts_test.txt")});
    QCOMPARE(a.items.size(), b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        QCOMPARE(a.items[i].id, b.items[i].id);
        QVERIFY(a.items[i].context == b.items[i].context);
    }
}

void TestLoadersData::babiPaperCsvsMatchTaskFiles() {
    TS_REQUIRE_SHARED(sharedFile(kBabiCsvDir));
    // Every paper row is the first question of a story in an en task file.
    std::map<std::string, const ts::Item*> byContent;
    std::vector<ts::Dataset> keep;
    for (const BabiCount& c : kBabiCounts)
        if (ts::startsWith(c.file, "en/"))
            keep.push_back(ts::loadDataset({sharedFile(std::string("babi/") + c.file)}));
    const auto key = [](const ts::Item& item) {
        return item.goldLabel + "\n" + item.question + "\n" + ts::join(item.contextTexts(), "\n");
    };
    for (const ts::Dataset& ds : keep)
        for (const ts::Item& item : ds.items) byContent.emplace(key(item), &item);

    const std::string files[] = {"test_dataset_for_prompting.csv",
                                 "sft_dataset_chat_template/test.csv",
                                 "sft_dataset_reasoning_chat_template/test.csv",
                                 "sft_dataset_reasoning_with_facts_chat_template/test.csv",
                                 "sft_dataset_reasoning_facts_perturbed_chat_template/test.csv"};
    for (const std::string& name : files) {
        const ts::Dataset ds = ts::loadDataset({sharedFile(kBabiCsvDir + name)});
        QCOMPARE(ds.kind, ts::DatasetKind::Babi);
        QCOMPARE(ds.items.size(), std::size_t(376));
        std::set<std::string> labels;
        for (const ts::Item& item : ds.items) {
            labels.insert(item.goldLabel);
            QCOMPARE(item.meta.contains("assistant_target"), name != files[0]);
            const auto it = byContent.find(key(item));
            QVERIFY2(it != byContent.end(), item.id.c_str());
            QCOMPARE(item.goldAnswers, it->second->goldAnswers);
            QCOMPARE(item.goldRetrieval, it->second->goldRetrieval);
            if (name == files[3])
                QCOMPARE(item.meta["assistant_target"].get<std::string>(),
                         correctTarget(item, ts::DatasetKind::Babi));
        }
        QCOMPARE(labels,
                 (std::set<std::string>(ts::ruleFor(ts::DatasetKind::Babi).labels().begin(),
                                        ts::ruleFor(ts::DatasetKind::Babi).labels().end())));
    }
}

void TestLoadersData::marcoSample() {
    const fs::path f = sharedFile("msmarco/ms_marco_sample.json");
    TS_REQUIRE_SHARED(f);
    const ts::Dataset ds = ts::loadDataset({f});
    QCOMPARE(ds.items.size(), std::size_t(200));
    std::size_t passages = 0, withSelected = 0;
    std::map<std::string, int> labels;
    std::map<std::size_t, int> answerCounts;
    std::set<std::int64_t> ids;
    for (const ts::Item& item : ds.items) {
        passages += item.context.size();
        withSelected += !item.goldRetrieval.empty();
        ++labels[item.goldLabel];
        ++answerCounts[item.goldAnswers.size()];
        ids.insert(item.meta["query_id"].get<std::int64_t>());
        QVERIFY(item.context.size() >= 3 && item.context.size() <= 10);
        QCOMPARE(item.meta["urls"].size(), item.context.size());
        QVERIFY(item.meta["well_formed_answers"].empty());
    }
    QCOMPARE(passages, std::size_t(1629));
    QCOMPARE(withSelected, std::size_t(180));  // the paper's overlap rule, the default
    QCOMPARE(labels, (std::map<std::string, int>{{"DESCRIPTION", 107},
                                                 {"NUMERIC", 49},
                                                 {"ENTITY", 27},
                                                 {"LOCATION", 15},
                                                 {"PERSON", 2}}));
    QCOMPARE(answerCounts, (std::map<std::size_t, int>{{0, 7}, {1, 172}, {2, 21}}));
    QCOMPARE(ids.size(), std::size_t(200));
    QCOMPARE(*ids.begin(), std::int64_t(19773));
    QCOMPARE(*ids.rbegin(), std::int64_t(102043));

    for (const ts::Item& item : ds.items) {
        QVERIFY(item.goldRetrieval.size() <= 1);
        if (item.goldAnswers.empty()) QVERIFY(item.goldRetrieval.empty());
    }

    ts::LoadOptions flags;
    flags.marcoRetrieval = ts::MarcoRetrieval::IsSelected;
    const ts::Dataset selected = ts::loadDataset({f}, ts::DatasetFormat::MsMarco, flags);
    std::size_t flagged = 0;
    for (const ts::Item& item : selected.items) flagged += !item.goldRetrieval.empty();
    QCOMPARE(flagged, std::size_t(189));
}

// The gold passage of every answered record equals the one Python's NLTK
// chose (tests/data/fixtures/make_marco_gold_passages.py wrote the reference),
// and so does every passage's overlap count.
void TestLoadersData::marcoGoldPassagesMatchNltk() {
    const fs::path f = sharedFile("msmarco/ms_marco_sample.json");
    TS_REQUIRE_SHARED(f);
    const auto ref = nlohmann::json::parse(
        ts::readFile(ts::test::sourceDir() / "tests/data/fixtures/marco_gold_passages.json"));
    const ts::Dataset ds = ts::loadDataset({f});
    std::size_t compared = 0, agree = 0, countsAgree = 0, skipped = 0;
    for (const ts::Item& item : ds.items) {
        const std::string qid = item.meta["query_id"].dump();
        if (item.goldAnswers.empty()) {
            ++skipped;
            QVERIFY(!ref["gold_passage"].contains(qid));
            continue;
        }
        const auto& want = ref["gold_passage"].at(qid);
        const int expected = want.is_number() ? want.get<int>() : -1;  // null, "answer": none
        const int got = item.goldRetrieval.empty() ? -1 : item.goldRetrieval.front();
        ++compared;
        agree += got == expected;
        if (got != expected)
            qWarning("marco/%s: C++ chose %d, NLTK %d", qid.c_str(), got, expected);
        std::vector<std::size_t> expectedCounts;
        for (const auto& c : ref["overlaps"].at(qid))
            expectedCounts.push_back(c.get<std::size_t>());
        const auto counts = ts::wordOverlaps(item.contextTexts(), item.goldAnswers.front());
        countsAgree += counts == expectedCounts;
    }
    qInfo(
        "MS MARCO gold passage: %zu of %zu answered records agree with NLTK (%zu skipped "
        "without answers); every passage's overlap count agrees on %zu",
        agree, compared, skipped, countsAgree);
    QCOMPARE(compared, std::size_t(193));
    QCOMPARE(agree, compared);
    QCOMPARE(countsAgree, compared);
}

void TestLoadersData::detectsEveryFile() {
    TS_REQUIRE_SHARED(sharedFile("cotempqa"));
    using F = ts::DatasetFormat;
    const std::pair<std::string, F> cases[] = {
        {"cotempqa/equal.json", F::CoTempQA},
        {"cotempqa/test_set.csv", F::CoTempQA},
        {std::string(kSft) + "mix_test.csv", F::TraceCheckQaCsv},
        {std::string(kSftPerturbed) + "test.csv", F::TraceCheckQaCsv},
        {std::string(kBabiCsvDir) + "test_dataset_for_prompting.csv", F::TraceCheckQaCsv},
        {"msmarco/ms_marco_sample.json", F::MsMarco},
    };
    for (const auto& [rel, format] : cases) QCOMPARE(ts::detectFormat(sharedFile(rel)), format);
    for (const BabiCount& c : kBabiCounts)
        QCOMPARE(ts::detectFormat(sharedFile(std::string("babi/") + c.file)), F::Babi);
}

void TestLoadersData::jsonlRoundTripOfRealData() {
    TS_REQUIRE_SHARED(sharedFile("cotempqa/equal.json"));
    const fs::path dir = ts::test::scratchDir("loaders_data_jsonl");
    const std::vector<std::vector<fs::path>> sources = {
        {sharedFile("cotempqa/equal.json"), sharedFile("cotempqa/overlap.json"),
         sharedFile("cotempqa/mix.json")},
        {sharedFile(std::string(kSft) + "test.csv")},
        {sharedFile("babi/en/qa8_lists-sets_train.txt"),
         sharedFile("babi/en/qa8_lists-sets_test.txt")},
        {sharedFile("msmarco/ms_marco_sample.json")},
    };
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const ts::Dataset ds = ts::loadDataset(sources[i]);
        const fs::path out = dir / ("ds" + std::to_string(i) + ".jsonl");
        ts::writeJsonlDataset(out, ds);
        const ts::Dataset back = ts::loadDataset({out});
        QCOMPARE(back.kind, ds.kind);
        QCOMPARE(back.sourceFiles, ds.sourceFiles);
        QVERIFY(back.items == ds.items);
    }
}

TS_DATA_TEST_MAIN(TestLoadersData)
#include "test_loaders_data.moc"
