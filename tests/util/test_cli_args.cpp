// Unit tests for the CLI argument parser shared by every subcommand.
#include <QtTest>

#include "app/cli/args.h"

using ts::cli::ArgParser;
using ts::cli::UsageError;

class TestCliArgs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void optionsFlagsPositionals();
    void usageErrors();
    void pairs();
};

static ArgParser parser() {
    ArgParser p("tool cmd [options] PATH...", "test");
    p.option("--format", "FMT", "format", std::string("auto"))
        .repeated("--pair", "A:B", "pairs")
        .flag("--json", "json output")
        .option("--seed", "N", "seed")
        .positional("PATH", "inputs", true, true);
    return p;
}

void TestCliArgs::optionsFlagsPositionals() {
    auto a = parser().parse({"x.json", "--format=babi", "--pair", "a:b", "--pair", "c:d", "--json", "y.json"});
    QCOMPARE(a.get("--format"), std::string("babi"));
    QCOMPARE(a.all("--pair").size(), std::size_t(2));
    QVERIFY(a.flag("--json"));
    QCOMPARE(a.positionals().size(), std::size_t(2));
    auto d = parser().parse({"only"});
    QCOMPARE(d.get("--format"), std::string("auto"));
    QVERIFY(!d.has("--seed"));
    auto s = parser().parse({"p", "--seed", "42"});
    QCOMPARE(s.getInt("--seed"), 42);
}

void TestCliArgs::usageErrors() {
    QVERIFY_THROWS_EXCEPTION(UsageError, parser().parse({}));
    QVERIFY_THROWS_EXCEPTION(UsageError, parser().parse({"p", "--nope"}));
    QVERIFY_THROWS_EXCEPTION(UsageError, parser().parse({"p", "--seed"}));
    QVERIFY_THROWS_EXCEPTION(UsageError, parser().parse({"p", "--json=1"}));
    auto bad = parser().parse({"p", "--seed", "4x"});
    QVERIFY_THROWS_EXCEPTION(UsageError, bad.getInt("--seed"));
    auto help = parser().parse({"--help"});
    QVERIFY(help.helpRequested());
}

void TestCliArgs::pairs() {
    auto [a, b] = ts::cli::splitPair("dir/pred.json:gold.csv", "--pair");
    QCOMPARE(a, std::string("dir/pred.json"));
    QCOMPARE(b, std::string("gold.csv"));
    QVERIFY_THROWS_EXCEPTION(UsageError, ts::cli::splitPair("nocolon", "--pair"));
}

QTEST_GUILESS_MAIN(TestCliArgs)
#include "test_cli_args.moc"
