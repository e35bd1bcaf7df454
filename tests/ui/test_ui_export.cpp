// Exports: the current tables as CSV / Markdown / LaTeX / JSON with core's counts,
// and a heat table, a chart and an item slide as PNG, SVG and PDF files that
// open (the PNG decodes at the asked size, the SVG parses, the PDF is a PDF).
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QSvgRenderer>
#include <QTest>

#include "tests/common/test_support.h"
#include "tests/ui/ui_fixtures.h"
#include "ui/export/table_formats.h"
#include "ui/main_window.h"
#include "ui/models/item_table_model.h"
#include "ui/pages/item_table_page.h"
#include "ui/pages/item_view_page.h"
#include "ui/pages/statistics_page.h"
#include "ui/session/project_session.h"

using namespace ts;
using namespace ts::ui;

class TestUiExport : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<MainWindow> window_;
    QString dir_;

    QString read(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        test::initUiTestSettings();
        const auto fixture = test::makeUiFixture("ui_export", 200);
        dir_ = QString::fromStdString(test::scratchDir("ui_export_files").string());
        window_ = std::make_unique<MainWindow>();
        window_->resize(1400, 900);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        window_->openProject(fixture.path);
        QTRY_VERIFY(window_->statisticsPage()->data().has_value());
        QTRY_VERIFY(window_->itemView()->data().has_value());
    }

    void tablesAsText() {
        const auto& t = window_->statisticsPage()->data()->tables;
        const QString csv = dir_ + QStringLiteral("/tables.csv");
        QString error;
        QVERIFY2(window_->exportTables(csv, &error), qPrintable(error));
        const QStringList lines = read(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);  // header + class, retrieval, trace
        QVERIFY(lines[0].startsWith(QStringLiteral("run,rule,retrieval,step,ok_ok,ok_bad,bad_ok,bad_bad,n,")));
        const QStringList trace = lines[3].split(QLatin1Char(','));
        QCOMPARE(trace[0], QStringLiteral("\"run-a\""));
        QCOMPARE(trace[3], QStringLiteral("trace"));
        QCOMPARE(trace[4].toLongLong(), t.trace.statistics.counts.ok_ok);
        QCOMPARE(trace[5].toLongLong(), t.trace.statistics.counts.ok_bad);
        QCOMPARE(trace[6].toLongLong(), t.trace.statistics.counts.bad_ok);
        QCOMPARE(trace[7].toLongLong(), t.trace.statistics.counts.bad_bad);
        QCOMPARE(trace[8].toLongLong(), t.trace.statistics.n);

        const QString md = dir_ + QStringLiteral("/tables.md");
        QVERIFY(window_->exportTables(md, &error));
        const QString mdText = read(md);
        const auto& c = t.trace.statistics.counts;
        QVERIFY2(mdText.contains(QStringLiteral("| trace | %1 | %2 | %3 | %4 |").arg(c.ok_ok).arg(c.ok_bad).arg(c.bad_ok).arg(c.bad_bad)),
                 qPrintable(mdText));
        QVERIFY(mdText.contains(QStringLiteral("Fisher p")));

        const QString tex = dir_ + QStringLiteral("/tables.tex");
        QVERIFY(window_->exportTables(tex, &error));
        const QString texText = read(tex);
        QCOMPARE(texText.count(QStringLiteral("\\begin{tabular}")), 1);
        QVERIFY(texText.contains(QStringLiteral("trace & %1 & %2 & %3 & %4 &").arg(c.ok_ok).arg(c.ok_bad).arg(c.bad_ok).arg(c.bad_bad)));

        const QString json = dir_ + QStringLiteral("/tables.json");
        QVERIFY(window_->exportTables(json, &error));
        QVERIFY(read(json).contains(QStringLiteral("\"step_ok_given_answer_ok\"")));
    }

    void imagesOpen() {
        QString error;
        QWidget* tables = window_->statisticsPage()->tablesWidget();
        const QString png = dir_ + QStringLiteral("/tables.png");
        QVERIFY2(window_->exportImage(tables, png, {1200, 500}, &error), qPrintable(error));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(2400, 1000));  // rendered at 2x for sharpness
        const QString svg = dir_ + QStringLiteral("/chart.svg");
        QVERIFY(window_->exportImage(window_->statisticsPage()->conditionalChart(), svg, {900, 600}, &error));
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QCOMPARE(renderer.viewBoxF(), QRectF(0, 0, 900, 600));
        const QString pdf = dir_ + QStringLiteral("/slide.pdf");
        QVERIFY(window_->exportImage(window_->itemView()->slideWidget(), pdf, {1600, 900}, &error));
        const QString head = read(pdf).left(5);
        QCOMPARE(head, QStringLiteral("%PDF-"));
        QVERIFY(QFile(pdf).size() > 2000);
        // A slide PNG of the item view is not blank: many colours (chips, highlights, text).
        const QString slide = dir_ + QStringLiteral("/slide.png");
        QVERIFY(window_->exportImage(window_->itemView()->slideWidget(), slide, {1600, 900}, &error));
        const QImage s(slide);
        QSet<QRgb> colours;
        for (int y = 0; y < s.height(); y += 7)
            for (int x = 0; x < s.width(); x += 7) colours.insert(s.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QStringLiteral("%1 colours").arg(colours.size())));
    }

    void formatsOfNumbers() {
        QCOMPARE(formatP(0.0734, std::log(0.0734)), QStringLiteral("0.0734"));
        QCOMPARE(formatP(0.0, -1000.0), QStringLiteral("1e-435"));
        QCOMPARE(formatNumber(std::nan(""), 2), QStringLiteral("–"));
    }

    void cleanupTestCase() { window_.reset(); }
};

QTEST_MAIN(TestUiExport)
#include "test_ui_export.moc"
