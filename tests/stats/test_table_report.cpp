// The one table formatter (core/stats/table_report.h) pinned by golden files
// in tests/stats/golden/: a report of three steps - one with an expected count
// below 5 and a zero cell (both footnotes), one degenerate - plus CMH lines,
// in JSON, CSV, Markdown and LaTeX. A deliberate format change regenerates
// them: TS_UPDATE_GOLDEN=1 ctest -R test_table_report, then review the diff.
#include <QtTest>

#include <cstdlib>
#include <filesystem>

#include "core/stats/table_report.h"
#include "core/util/file_io.h"
#include "tests/common/test_support.h"

namespace fs = std::filesystem;
using namespace ts::stats;

namespace {

TableReport sampleReport() {
    TableReport r;
    r.run = "llama, \"facts\" & co_1";  // quotes, a comma and LaTeX specials
    r.rule = "human";
    r.retrieval = "all";
    r.items = 400;
    r.answerOk = 170;
    r.steps.push_back({"class", analyze({120, 35, 80, 140}), 25, 10, std::nullopt});
    r.steps.push_back({"retrieval", analyze({3, 0, 1, 3}), 0, 0, std::nullopt});
    r.steps.push_back(
        {"trace", analyze({0, 0, 150, 225}), 0, 0, mantelHaenszel({{0, 6, 0, 5}, {3, 3, 0, 6}})});
    r.extra["annotator"] = "majority";
    r.headingNotes.push_back("overrides of the annotators' majority");
    return r;
}

}  // namespace

class TestTableReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesGoldenFiles_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("file");
        QTest::newRow("json") << int(TableFormat::Json) << "tables.json";
        QTest::newRow("csv") << int(TableFormat::Csv) << "tables.csv";
        QTest::newRow("markdown") << int(TableFormat::Markdown) << "tables.md";
        QTest::newRow("latex") << int(TableFormat::Latex) << "tables.tex";
    }

    void matchesGoldenFiles() {
        QFETCH(int, format);
        QFETCH(QString, file);
        const fs::path golden =
            ts::test::sourceDir() / "tests" / "stats" / "golden" / file.toStdString();
        const std::string text =
            formatTableReport(sampleReport(), static_cast<TableFormat>(format));
        if (const char* update = std::getenv("TS_UPDATE_GOLDEN");
            update && std::string(update) == "1") {
            ts::writeFileAtomic(golden, text);
            QSKIP("golden file rewritten");
        }
        QVERIFY2(fs::exists(golden), golden.c_str());
        QCOMPARE(QString::fromStdString(text), QString::fromStdString(ts::readFile(golden)));
    }

    void formatNamesParse() {
        QVERIFY(parseTableFormat("json") == TableFormat::Json);
        QVERIFY(parseTableFormat("latex") == TableFormat::Latex);
        QVERIFY(!parseTableFormat("xlsx"));
    }
};

QTEST_GUILESS_MAIN(TestTableReport)
#include "test_table_report.moc"
