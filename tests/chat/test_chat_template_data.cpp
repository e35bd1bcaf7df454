// Data tests of the chat template engine on the real templates: the
// reference renderings of ../shared/data/tokenizers/chat_template_reference.json,
// the paper's Llama 3.2 prompts (input.text of the evaluation outputs, all
// 950 CoTempQA records of one adapter and the 376 bAbI ones), Qwen3's
// reasoning rewrite and tool header, and the rendered prompt's token ids.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/data/python_literal.h"
#include "core/model/chat/chat_template.h"
#include "core/model/tokenizer/tokenizer.h"
#include "core/model/tokenizer/tokenizer_config.h"
#include "core/util/file_io.h"
#include "core/util/text.h"
#include "tests/chat/llama32_chat_template.h"
#include "tests/common/test_support.h"

namespace {

const char* const kLlamaSystem =
    "You are Llama, an AI assistant created to be helpful and honest. Your knowledge spans a wide "
    "range of topics, "
    "allowing you to engage in substantive conversations and provide analysis on complex subjects.";

ts::ChatTemplate templateOf(const std::string& tokenizer) {
    const auto config = ts::loadTokenizerConfig(ts::test::sharedFile("tokenizers/" + tokenizer));
    return ts::ChatTemplate(config.chatTemplate.value(), tokenizer + "/tokenizer_config.json");
}

// The paper's prompt as the user turn: the rendered text must equal input.text
// of the evaluation outputs (system message + user, no generation prompt).
std::string renderLlama32(const ts::ChatTemplate& t, const std::string& user, const char* date) {
    ts::ChatRenderOptions o;
    o.bosToken = "<|begin_of_text|>";
    o.eosToken = "<|eot_id|>";
    o.today = ts::parseCalendarDate(date);
    return t.render(std::vector<ts::ChatMessage>{{"system", kLlamaSystem}, {"user", user}}, o);
}

}  // namespace

class TestChatTemplateData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void referenceRenderings();
    void llama32CoTempQaPrompts();
    void llama32BabiPrompts();
    void qwen3DropsEarlierReasoning();
    void qwen3ToolsHeader();
    void renderedPromptTokenizes();
};

void TestChatTemplateData::referenceRenderings() {
    const auto ref = nlohmann::ordered_json::parse(
        ts::readFile(ts::test::sharedFile("tokenizers/chat_template_reference.json")));
    QCOMPARE(ref.size(), std::size_t(11));
    int exact = 0, pythonSpace = 0;
    for (const auto& r : ref) {
        const std::string tokenizer = r.at("tokenizer");
        const auto config =
            ts::loadTokenizerConfig(ts::test::sharedFile("tokenizers/" + tokenizer));
        const ts::ChatTemplate t(config.chatTemplate.value(), tokenizer);
        ts::ChatRenderOptions o;
        o.addGenerationPrompt = r.at("add_generation_prompt");
        o.bosToken = config.bosToken;
        o.eosToken = config.eosToken;
        o.variables = r.at("extra");
        const std::string out = t.render(r.at("messages"), o);
        const std::string expected = r.at("rendered");
        if (out == expected) {
            ++exact;
            continue;
        }
        // The reference was rendered with @huggingface/jinja, whose
        // str.lstrip('\n') strips all whitespace. Python's Jinja2 (what
        // transformers uses) keeps the space of "</think> <answer>": Qwen3's
        // template takes content.split('</think>')[-1].lstrip('\n').
        std::string pythonExpected = expected;
        ts::replaceAll(pythonExpected, "</think>\n\n<answer>", "</think>\n\n <answer>");
        const std::string label = tokenizer + "/" + r.at("case").get<std::string>();
        QVERIFY2(out == pythonExpected, label.c_str());
        QVERIFY2(
            r.at("messages").back().at("content").get<std::string>().find("</think> <answer>") !=
                std::string::npos,
            label.c_str());
        ++pythonSpace;
    }
    QCOMPARE(exact, 9);
    QCOMPARE(pythonSpace, 2);
}

void TestChatTemplateData::llama32CoTempQaPrompts() {
    const ts::ChatTemplate t(kLlama32ChatTemplate, "Llama-3.2-1B-Instruct");
    std::size_t records = 0;
    for (const char* cls : {"equal", "overlap", "during", "mix"}) {
        const auto path =
            ts::test::sharedFile(std::string("trace_check_qa_results/evaluation_outputs/") + cls +
                                 "/Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts_default.json");
        ts::LineReader reader(path);
        std::string line;
        while (reader.next(line)) {
            const auto rec = nlohmann::json::parse(line);
            const std::string user =
                "Answer the question based on the context:\n" +
                ts::pythonReprList(rec.at("facts").get<std::vector<std::string>>()) +
                "\nQuestion: " + rec.at("question").get<std::string>() +
                " Only return the answer.\n";
            const std::string expected = rec.at("input").at("text");
            if (renderLlama32(t, user, "21 May 2025") != expected)
                QFAIL(qPrintable(QString("%1:%2: rendered prompt differs from input.text")
                                     .arg(QString::fromStdString(path.string()))
                                     .arg(reader.lineNumber())));
            ++records;
        }
    }
    QCOMPARE(records, std::size_t(950));
}

void TestChatTemplateData::llama32BabiPrompts() {
    const ts::ChatTemplate t(kLlama32ChatTemplate, "Llama-3.2-1B-Instruct");
    const auto path = ts::test::sharedFile(
        "trace_check_qa_babiqa/results/Babiqa/evaluation_outputs/"
        "Llama-3.2-1B-Instruct-sft-adapter-reasoning-facts_default.json");
    ts::LineReader reader(path);
    std::string line;
    std::size_t records = 0;
    while (reader.next(line)) {
        const auto rec = nlohmann::json::parse(line);
        const auto passage = ts::parsePythonStringList(rec.at("passage").get<std::string>());
        const std::string user =
            "Answer the question based on the context:\n" + ts::join(passage, "\n") +
            "\nQuestion: " + rec.at("question").get<std::string>() + "\nOnly return the answer.";
        if (renderLlama32(t, user, "14 May 2025") != rec.at("input").get<std::string>())
            QFAIL(qPrintable(QString("%1:%2: rendered prompt differs from input")
                                 .arg(QString::fromStdString(path.string()))
                                 .arg(reader.lineNumber())));
        ++records;
    }
    QCOMPARE(records, std::size_t(376));
}

void TestChatTemplateData::qwen3DropsEarlierReasoning() {
    // Expected strings printed by transformers' Jinja2 setup (Python).
    const ts::ChatTemplate t = templateOf("qwen3");
    const auto messages = nlohmann::ordered_json::parse(R"([
        {"role": "user", "content": "Where is Mary?"},
        {"role": "assistant", "content": "<think>\nShe moved.\n</think>\n\nbathroom"},
        {"role": "user", "content": "And John?"},
        {"role": "assistant", "content": "<think>He went.</think>hallway"}])");
    ts::ChatRenderOptions o;
    o.eosToken = "<|im_end|>";
    QCOMPARE(t.render(messages, o),
             std::string("<|im_start|>user\nWhere is "
                         "Mary?<|im_end|>\n<|im_start|>assistant\nbathroom<|im_end|>\n"
                         "<|im_start|>user\nAnd "
                         "John?<|im_end|>\n<|im_start|>assistant\n<think>\nHe went.\n</think>\n\n"
                         "hallway<|im_end|>\n"));
    nlohmann::ordered_json firstThree = messages;
    firstThree.erase(3);
    o.addGenerationPrompt = true;
    o.variables = {{"enable_thinking", false}};
    QCOMPARE(t.render(firstThree, o),
             std::string("<|im_start|>user\nWhere is "
                         "Mary?<|im_end|>\n<|im_start|>assistant\nbathroom<|im_end|>\n"
                         "<|im_start|>user\nAnd "
                         "John?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"));
}

void TestChatTemplateData::qwen3ToolsHeader() {
    const ts::ChatTemplate t = templateOf("qwen3");
    ts::ChatRenderOptions o;
    o.addGenerationPrompt = true;
    o.variables = nlohmann::ordered_json::parse(
        R"({"tools": [{"type": "function", "function": {"name": "get_date",
        "description": "Today's date", "parameters": {"type": "object", "properties": {}}}}]})");
    QCOMPARE(
        t.render(std::vector<ts::ChatMessage>{{"user", "Where is Mary?"}}, o),
        std::string(
            "<|im_start|>system\n# Tools\n\nYou may call one or more functions to assist with the "
            "user query.\n\n"
            "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
            "{\"type\": \"function\", \"function\": {\"name\": \"get_date\", \"description\": "
            "\"Today's date\", "
            "\"parameters\": {\"type\": \"object\", \"properties\": {}}}}\n</tools>\n\n"
            "For each function call, return a json object with function name and arguments within "
            "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, "
            "\"arguments\": "
            "<args-json-object>}\n</tool_call><|im_end|>\n<|im_start|>user\nWhere is "
            "Mary?<|im_end|>\n"
            "<|im_start|>assistant\n"));
}

void TestChatTemplateData::renderedPromptTokenizes() {
    const ts::ChatTemplate t(kLlama32ChatTemplate, "Llama-3.2-1B-Instruct");
    const std::string prompt = renderLlama32(t, "Where is Mary?", "21 May 2025");
    const ts::Tokenizer tok = ts::Tokenizer::load(ts::test::sharedFile("tokenizers/llama3"));
    const auto ids = tok.encode(prompt);
    // <|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n ... ends with <|eot_id|>
    QCOMPARE(ids.at(0), 128000);
    QCOMPARE(ids.at(1), 128006);
    QCOMPARE(ids.at(3), 128007);
    QCOMPARE(ids.back(), 128009);
    QCOMPARE(tok.decode(ids), prompt);
}

TS_DATA_TEST_MAIN(TestChatTemplateData)
#include "test_chat_template_data.moc"
