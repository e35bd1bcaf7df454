// `tracescope-cli chat-render` end to end (a child process): exact output for
// a reference rendering (Qwen3, enable_thinking=false) and for the paper's
// first Llama 3.2 CoTempQA prompt (--template, --date), and the exit codes
// for bad arguments and files.
#include <QtTest>

#include <QProcess>

#include <nlohmann/json.hpp>

#include "core/util/file_io.h"
#include "tests/chat/llama32_chat_template.h"
#include "tests/common/test_support.h"

namespace {

struct CliResult {
    int exitCode = -1;
    QByteArray out, err;
};

CliResult runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TRACESCOPE_CLI), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString q(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

}  // namespace

class TestChatRenderCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void qwen3ReferenceCase();
    void llama32PaperPrompt();
    void errors();
};

void TestChatRenderCli::qwen3ReferenceCase() {
    const auto ref = nlohmann::ordered_json::parse(ts::readFile(ts::test::sharedFile("tokenizers/chat_template_reference.json")));
    const auto& c = ref.at(5);
    QCOMPARE(c.at("case").get<std::string>(), std::string("babi_infer_nothinking"));
    const auto dir = ts::test::scratchDir("chat_render_cli");
    const auto messages = ts::test::writeText(dir / "messages.json", c.at("messages").dump());
    const auto r = runCli({"chat-render", "--tokenizer", q(ts::test::sharedFile("tokenizers/qwen3")), "--messages",
                           q(messages), "--add-generation-prompt", "--var", "enable_thinking=false"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray::fromStdString(c.at("rendered").get<std::string>()));
}

void TestChatRenderCli::llama32PaperPrompt() {
    ts::LineReader reader(ts::test::sharedFile(
        "trace_check_qa_results/evaluation_outputs/equal/Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts_default.json"));
    std::string line;
    QVERIFY(reader.next(line));
    const auto rec = nlohmann::json::parse(line);
    const std::string text = rec.at("input").at("text");
    // The user turn is the text between the user header and <|eot_id|>; the
    // template trims it, so the paper's trailing "\n" is not needed here.
    const std::string header = "<|start_header_id|>user<|end_header_id|>\n\n";
    const auto start = text.find(header) + header.size();
    const std::string user = text.substr(start, text.rfind("<|eot_id|>") - start);
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    messages.push_back({{"role", "system"},
                        {"content", "You are Llama, an AI assistant created to be helpful and honest. Your knowledge "
                                    "spans a wide range of topics, allowing you to engage in substantive conversations "
                                    "and provide analysis on complex subjects."}});
    messages.push_back({{"role", "user"}, {"content", user}});
    const auto dir = ts::test::scratchDir("chat_render_cli_llama");
    const auto file = ts::test::writeText(dir / "messages.json", nlohmann::ordered_json{{"messages", messages}}.dump());
    const auto tpl = ts::test::writeText(dir / "llama32.jinja", kLlama32ChatTemplate);
    const auto r = runCli({"chat-render", "--tokenizer", q(ts::test::sharedFile("tokenizers/llama3")), "--template",
                           q(tpl), "--messages", q(file), "--date", "21 May 2025"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray::fromStdString(text));
}

void TestChatRenderCli::errors() {
    const auto dir = ts::test::scratchDir("chat_render_cli_errors");
    const auto messages = ts::test::writeText(dir / "m.json", R"([{"role": "user", "content": "hi"}])");
    const QString qwen = q(ts::test::sharedFile("tokenizers/qwen3"));
    auto r = runCli({"chat-render", "--tokenizer", qwen, "--messages", q(messages), "--var", "enable_thinking"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"chat-render", "--tokenizer", qwen, "--messages", q(messages), "--var", "x=not json"});
    QCOMPARE(r.exitCode, 2);
    r = runCli({"chat-render", "--tokenizer", qwen, "--messages", q(messages), "--date", "31 Feb 2025"});
    QCOMPARE(r.exitCode, 2);
    const auto notList = ts::test::writeText(dir / "bad.json", R"({"role": "user"})");
    r = runCli({"chat-render", "--tokenizer", qwen, "--messages", q(notList)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("bad.json") && r.err.contains("expected a JSON array"), r.err.constData());
    const auto broken = ts::test::writeText(dir / "broken.jinja", "ok\n{% for m in messages %}{{ m.role | nope }}");
    r = runCli({"chat-render", "--template", q(broken), "--messages", q(messages)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("broken.jinja:2: column 36: unknown filter 'nope'"), r.err.constData());
    QCOMPARE(r.out, QByteArray());
}

TS_DATA_TEST_MAIN(TestChatRenderCli)
#include "test_chat_render_cli.moc"
