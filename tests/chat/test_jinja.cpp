// Unit tests of the Jinja-subset engine. The expected outputs of the case
// table were printed by Python's Jinja2 3.1 configured as Hugging Face's
// apply_chat_template configures it (ImmutableSandboxedEnvironment,
// trim_blocks, lstrip_blocks, loopcontrols, json.dumps-based tojson,
// strftime_now fixed to 2025-05-21).
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/model/chat/chat_template.h"
#include "core/model/chat/jinja_format.h"
#include "core/util/error.h"
#include "tests/common/test_support.h"

namespace {

struct Case {
    const char* name;
    const char* source;
    const char* variables;  // JSON object
    const char* expected;
};

const Case kCases[] = {
    {"trim_blocks", "{% if true %}\nyes\n{% endif %}\nend", "{}", "yes\nend"},
    {"lstrip_blocks", "a\n    {% if true %}\n    b\n    {% endif %}\nc", "{}", "a\n    b\nc"},
    {"lstrip not after text", "x {% if true %}y{% endif %}", "{}", "x y"},
    {"minus strips newlines", "a  \n  {%- if true -%}  \n  b  {%- endif %}\n", "{}", "ab"},
    {"variable minus", "a\n  {{- 'b' -}}  \n c", "{}", "abc"},
    {"plus disables lstrip", "a\n    {%+ if true %}b{% endif %}", "{}", "a\n    b"},
    {"comment trim", "a\n  {# note #}\nb", "{}", "a\nb"},
    {"raw block", "{% raw %}{{ not evaluated }}{% endraw %}", "{}", "{{ not evaluated }}"},
    {"variable no trim", "{{ 'a' }}\nb", "{}", "a\nb"},
    {"precedence",
     "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 7 // 2 }} {{ -7 // 2 }} "
     "{{ -7 % 3 }} {{ 7 / 2 }}",
     "{}", "7 9 64 4 3 -4 2 3.5"},
    {"filter binds tighter than minus", "{{ messages|length - 1 }}", "{\"messages\": [1, 2, 3]}",
     "2"},
    {"concat", "{{ 'a' ~ 1 ~ none ~ true }}|{{ 'x' + 'y' }}|{{ [1] + [2] }}", "{}",
     "a1NoneTrue|xy|[1, 2]"},
    {"comparisons",
     "{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ 'a' in 'cat' }} {{ 3 not in [1, 2] }} {{ 'k' in {'k': 1} "
     "}} {{ 1 == 1.0 }} {{ true == 1 }}",
     "{}", "True False True True True True True"},
    {"and or values", "{{ 0 or 'x' }}|{{ 'a' and 'b' }}|{{ '' and 'b' }}|{{ not none }}", "{}",
     "x|b||True"},
    {"conditional expr", "{{ 'y' if x else 'n' }}{{ 'y' if not x }}|", "{\"x\": 0}", "ny|"},
    {"floats",
     "{{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1e20 }} {{ 1.5e-7 }} {{ 10 / 4 }} {{ 3.0 * 2 }} {{ 1e16 }} {{ "
     "123456789012345.6 }}",
     "{}", "1.0 0.30000000000000004 1e+20 1.5e-07 2.5 6.0 1e+16 123456789012345.6"},
    {"python str of containers",
     "{{ [1, 'a', none, true, 1.5] }} {{ {'k': 'v', 'n': [1]} }} {{ ('a',) }} {{ (1, 2) }} {{ "
     "[\"it's\"] }}",
     "{}", "[1, 'a', None, True, 1.5] {'k': 'v', 'n': [1]} ('a',) (1, 2) [\"it's\"]"},
    {"undefined prints empty", "[{{ missing }}][{{ d.missing }}]", "{\"d\": {}}", "[][]"},
    {"string escapes", "{{ 'a\\tb\\n' }}|{{ \"q\\\"\" }}|{{ '\\u00e9\\x41' }}", "{}",
     "a\tb\n|q\"|éA"},
    {"slicing",
     "{{ [1,2,3,4][::-1] }} {{ 'hello'[1:3] }} {{ 'héllo'[::-1] }} {{ [1,2,3][-1] }} {{ [1,2,3][5] "
     "is undefined }} {{ 'abc'[-2:] }} {{ [0,1,2,3,4,5][1::2] }}",
     "{}", "[4, 3, 2, 1] el olléh 3 True bc [1, 3, 5]"},
    {"attribute and item",
     "{{ m.role }} {{ m['content'] }} {{ m.get('x', 'dflt') }} {{ m.get('role') }} {{ m.items() | "
     "list }} {{ m.keys() | list }}",
     "{\"m\": {\"role\": \"user\", \"content\": \"hi\"}}",
     "user hi dflt user [('role', 'user'), ('content', 'hi')] ['role', 'content']"},
    {"string methods",
     "{{ ' a b '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ '\\n\\nab'.lstrip('\\n') }}|{{ 'ab  "
     "'.rstrip() }}|{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}|{{ 'a-b-c'.split('-', 1) "
     "}}|{{ 'hello'.replace('l', 'L') }}|{{ 'aXa'.upper() }}|{{ 'AbC'.lower() }}|{{ "
     "'abc'.startswith('ab') }}|{{ 'abc'.endswith(('x', 'c')) }}|{{ 'hello world'.title() }}|{{ "
     "'x'.join(['a', 'b']) }}",
     "{}",
     "a b|a|ab|ab|['a', 'b', '', 'c']|['a', 'b']|['a', 'b-c']|heLLo|AXA|abc|True|True|Hello "
     "World|axb"},
    {"think split",
     "{{ c.split('</think>')[-1].lstrip('\\n') }}|{{ "
     "c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}",
     "{\"c\": \"<think>\\nreason\\n</think>\\n\\nanswer\"}", "answer|reason"},
    {"filters",
     "{{ '  x  '|trim }}|{{ 'ab'|upper }}|{{ [3,1,2]|first }}|{{ [3,1,2]|last }}|{{ "
     "['a','b']|join('-') }}|{{ x|default('d') }}|{{ ''|default('d', true) }}|{{ 5|string ~ 'x' "
     "}}|{{ [1,2]|length }}|{{ 'héllo'|length }}|{{ {'a':1}|length }}|{{ -3|abs }}|{{ '42'|int + 1 "
     "}}|{{ 'x'|int }}|{{ '2.5'|float }}|{{ 'a b'|replace(' ', '_') }}|{{ [1,2,3]|reverse|list "
     "}}|{{ 'abc'|reverse }}|{{ 'hello world'|capitalize }}",
     "{}", "x|AB|3|2|a-b|d|d|5x|2|5|1|3|43|0|2.5|a_b|[3, 2, 1]|cba|Hello world"},
    {"tojson",
     "{{ v|tojson }}|{{ {'a': [1, 2.5, none, true], 'é': 'ü\"\\n'}|tojson }}|{{ 'x'|tojson }}|{{ "
     "[]|tojson }}|{{ {}|tojson(indent=2) }}",
     "{\"v\": {\"name\": \"f\", \"args\": {\"x\": 1}}}",
     "{\"name\": \"f\", \"args\": {\"x\": 1}}|{\"a\": [1, 2.5, null, true], \"é\": "
     "\"ü\\\"\\n\"}|\"x\"|[]|{}"},
    {"tojson indent", "{{ t|tojson(indent=4) }}",
     "{\"t\": {\"type\": \"function\", \"function\": {\"name\": \"get\", \"parameters\": "
     "{\"required\": [\"a\"], \"n\": 1.0}}, \"empty\": []}}",
     "{\n    \"type\": \"function\",\n    \"function\": {\n        \"name\": \"get\",\n        "
     "\"parameters\": {\n            \"required\": [\n                \"a\"\n            ],\n      "
     "      \"n\": 1.0\n        }\n    },\n    \"empty\": []\n}"},
    {"map select",
     "{{ ms|map(attribute='role')|join(',') }}|{{ ms|selectattr('role', 'equalto', "
     "'user')|list|length }}|{{ ms|rejectattr('role', 'equalto', "
     "'user')|map(attribute='content')|list }}|{{ [1,2,3,4]|select('odd')|list }}|{{ "
     "[0,1,'',2]|select|list }}|{{ ['a','b']|map('upper')|list }}",
     "{\"ms\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": "
     "\"b\"}]}",
     "user,assistant|1|['b']|[1, 3]|[1, 2]|['A', 'B']"},
    {"sort items",
     "{{ ['b','A','c']|sort|list }}|{{ [3,1,2]|sort(reverse=true)|list }}|{{ "
     "{'b':1,'a':2}|items|list }}",
     "{}", "['A', 'b', 'c']|[3, 2, 1]|[('b', 1), ('a', 2)]"},
    {"indent filter", "{{ 'a\\nb\\n\\nc'|indent(2) }}|{{ 'a\\nb'|indent(2, true) }}", "{}",
     "a\n  b\n\n  c|  a\n  b"},
    {"tests",
     "{{ x is defined }} {{ y is defined }} {{ none is none }} {{ 1 is number }} {{ 'a' is string "
     "}} {{ {} is mapping }} {{ [] is iterable }} {{ 'a' is iterable }} {{ 1 is iterable }} {{ [] "
     "is sequence }} {{ false is false }} {{ 0 is false }} {{ true is true }} {{ 3 is odd }} {{ 4 "
     "is even }} {{ 9 is divisibleby 3 }} {{ 1 is integer }} {{ 1.0 is float }} {{ x is not none "
     "}} {{ 'ab' is lower }} {{ 2 is in [1, 2] }} {{ 1 is eq 1 }} {{ 3 is gt 2 }} {{ strftime_now "
     "is callable }} {{ x is callable }}",
     "{\"x\": 1}",
     "True False True True True True True True False True True False True True True True True True "
     "True True True True True True False"},
    {"loop variables",
     "{% for x in ['a','b','c'] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ "
     "loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.cycle('o','e') }}{{ "
     "loop.previtem|default('-') }}{{ loop.nextitem|default('-') }};{% endfor %}",
     "{}", "1032TrueFalse3o-b;2121FalseFalse3eac;3210FalseTrue3ob-;"},
    {"loop filter and else",
     "{% for x in [1,2,3,4,5] if x is odd %}{{ x }}/{{ loop.length }}{{ ',' if not loop.last }}{% "
     "else %}none{% endfor %}|{% for x in [] %}x{% else %}empty{% endfor %}",
     "{}", "1/3,3/3,5/3|empty"},
    {"loop unpack dict",
     "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}{% for k in d %}{{ k }}{% endfor %}",
     "{\"d\": {\"z\": 1, \"a\": 2}}", "z=1;a=2;za"},
    {"break continue",
     "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% "
     "endif %}{{ i }}{% endfor %}",
     "{}", "0134"},
    {"range", "{{ range(3)|list }} {{ range(1, 7, 2)|list }} {{ range(5, 0, -2)|list }}", "{}",
     "[0, 1, 2] [1, 3, 5] [5, 3, 1]"},
    {"set scoping",
     "{% set x = 1 %}{% for i in [1,2] %}{% set x = 10 + i %}{{ x }}{% endfor %}{{ x }}{% if true "
     "%}{% set x = 5 %}{% endif %}{{ x }}",
     "{}", "111215"},
    {"namespace",
     "{% set ns = namespace(found=false, n=0) %}{% for i in [1,2,3] %}{% if i == 2 %}{% set "
     "ns.found = true %}{% endif %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.found }} {{ ns.n }}",
     "{}", "True 6"},
    {"set tuple and block",
     "{% set a, b = [1, 2] %}{{ b }}{{ a }}{% set blk %}x{{ a }}y{% endset %}[{{ blk }}]", "{}",
     "21[x1y]"},
    {"macro",
     "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('A') }} {{ "
     "greet('B', '?') }} {{ greet(name='C', punct='.') }}",
     "{}", "Hi A! Hi B? Hi C."},
    {"globals override", "{{ messages[0].content }}{{ bos_token }}",
     "{\"messages\": [{\"content\": \"m\"}], \"bos_token\": \"<s>\"}", "m<s>"},
    {"dict literal and in",
     "{% set d = {'a': 1, 'b': [1, 2]} %}{{ d.b[1] }}{{ 'a' in d }}{{ d['a'] }}", "{}", "2True1"},
    {"strftime",
     "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%A %B %-d, %Y %H:%M') }}|{{ "
     "strftime_now('%Y-%m-%d %j %a') }}",
     "{}", "21 May 2025|Wednesday May 21, 2025 00:00|2025-05-21 141 Wed"},
    {"unicode upper", "{{ 'Straße'|upper }}|{{ 'ÉCOLE'|lower }}", "{}", "STRASSE|école"},
};

ts::ChatRenderOptions fixedDate(
    const nlohmann::ordered_json& variables = nlohmann::ordered_json::object()) {
    ts::ChatRenderOptions o;
    o.today = ts::CalendarDate{2025, 5, 21};
    o.variables = variables;
    return o;
}

std::string render(const std::string& source, const ts::ChatRenderOptions& options = fixedDate()) {
    return ts::ChatTemplate(source, "t.jinja").render(nlohmann::ordered_json::array(), options);
}

// The message of the ts::Error that rendering (or parsing) throws, or "".
std::string errorOf(const std::string& source, const ts::ChatRenderOptions& options = fixedDate()) {
    try {
        render(source, options);
    } catch (const ts::Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestJinja : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPythonJinja2_data();
    void matchesPythonJinja2();
    void messagesAndChatVariables();
    void errorsNameLineAndColumn_data();
    void errorsNameLineAndColumn();
    void raiseException();
    void hostileTemplatesAreBounded_data();
    void hostileTemplatesAreBounded();
    void pythonFloatRepr();
    void calendarDates();
};

void TestJinja::matchesPythonJinja2_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("variables");
    QTest::addColumn<QByteArray>("expected");
    for (const Case& c : kCases)
        QTest::newRow(c.name) << QByteArray(c.source) << QByteArray(c.variables)
                              << QByteArray(c.expected);
}

void TestJinja::matchesPythonJinja2() {
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, variables);
    QFETCH(QByteArray, expected);
    const std::string out = render(
        source.toStdString(), fixedDate(nlohmann::ordered_json::parse(variables.toStdString())));
    QCOMPARE(QByteArray::fromStdString(out), expected);
}

void TestJinja::messagesAndChatVariables() {
    const ts::ChatTemplate t(
        "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
        "{% if add_generation_prompt %}<assistant>{% endif %}{{ tools is none }}{{ eos_token is "
        "defined }}",
        "t.jinja");
    ts::ChatRenderOptions o;
    o.bosToken = "<s>";
    o.addGenerationPrompt = true;
    QCOMPARE(t.render(std::vector<ts::ChatMessage>{{"user", "hi"}, {"assistant", "yo"}}, o),
             std::string("<s><user>hi<assistant>yo<assistant>TrueFalse"));
    // Message dicts keep their key order (it shows in tojson).
    const ts::ChatTemplate json("{{ messages[0]|tojson }}", "t.jinja");
    QCOMPARE(json.render(nlohmann::ordered_json::parse(R"([{"z": 1, "a": {"y": [], "b": "é"}}])")),
             std::string(R"({"z": 1, "a": {"y": [], "b": "é"}})"));
    QVERIFY_THROWS_EXCEPTION(ts::Error,
                             json.render(nlohmann::ordered_json::parse(R"({"not": "a list"})")));
}

void TestJinja::errorsNameLineAndColumn_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("expected");  // a substring of the error message
    QTest::newRow("unknown filter")
        << QByteArray("line one\n{{ x | frobnicate }}")
        << QByteArray("t.jinja:2: column 8: unknown filter 'frobnicate'");
    QTest::newRow("unknown test") << QByteArray("{{ x is shiny }}")
                                  << QByteArray("t.jinja:1: column 9: unknown test 'shiny'");
    QTest::newRow("unknown tag") << QByteArray("\n\n  {% frob %}")
                                 << QByteArray("t.jinja:3: column 6: unknown tag 'frob'");
    QTest::newRow("missing endif")
        << QByteArray("{% if x %}a") << QByteArray("expected 'elif' or 'else' or 'endif'");
    QTest::newRow("stray endfor") << QByteArray("a{% endfor %}")
                                  << QByteArray("unexpected 'endfor' tag");
    QTest::newRow("unterminated tag")
        << QByteArray("ok\n{{ x ") << QByteArray("t.jinja:2: column 1: unterminated '{{' tag");
    QTest::newRow("unterminated string")
        << QByteArray("{{ 'abc }}") << QByteArray("unterminated string literal");
    QTest::newRow("bad character")
        << QByteArray("{{ a ! b }}") << QByteArray("column 6: unexpected character '!'");
    QTest::newRow("break outside loop")
        << QByteArray("{% break %}") << QByteArray("'break' outside of a loop");
    QTest::newRow("undefined attribute")
        << QByteArray("\n{{ nothing.attr }}")
        << QByteArray("t.jinja:2: column 11: 'nothing' is undefined");
    QTest::newRow("undefined arithmetic")
        << QByteArray("{{ 1 + nothing }}") << QByteArray("'nothing' is undefined");
    QTest::newRow("type error") << QByteArray("{{ 'a' + 1 }}")
                                << QByteArray("unsupported operand type(s) for +: 'str' and 'int'");
    QTest::newRow("not callable") << QByteArray("{{ 'a'() }}")
                                  << QByteArray("'str' object is not callable");
    QTest::newRow("division by zero")
        << QByteArray("{{ 1 / 0 }}") << QByteArray("division by zero");
    QTest::newRow("not iterable") << QByteArray("{% for x in 3 %}{% endfor %}")
                                  << QByteArray("'int' object is not iterable");
    QTest::newRow("namespace only") << QByteArray("{% set d = {} %}{% set d.x = 1 %}")
                                    << QByteArray("non-namespace object 'd'");
    QTest::newRow("tojson undefined")
        << QByteArray("{{ nothing|tojson }}") << QByteArray("not JSON serializable");
}

void TestJinja::errorsNameLineAndColumn() {
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, expected);
    const std::string error = errorOf(source.toStdString());
    QVERIFY2(error.find(expected.toStdString()) != std::string::npos, ("got: " + error).c_str());
}

void TestJinja::raiseException() {
    const std::string error = errorOf(
        "{% if true %}\n  {{ raise_exception('Only user and assistant roles!') }}{% endif %}");
    QVERIFY2(error.find("t.jinja:2: column") != std::string::npos, error.c_str());
    QVERIFY2(error.find("template raised an exception: Only user and assistant roles!") !=
                 std::string::npos,
             error.c_str());
}

void TestJinja::hostileTemplatesAreBounded_data() {
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("huge range") << QByteArray("{% for i in range(10000000000) %}{% endfor %}")
                                << QByteArray("exceeds the limit");
    QTest::newRow("nested loops")
        << QByteArray(
               "{% for a in range(2000) %}{% for b in range(2000) %}{% endfor %}{% endfor %}")
        << QByteArray("loop iterations");
    QTest::newRow("output size") << QByteArray(
                                        "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}")
                                 << QByteArray("output exceeds");
    QTest::newRow("string doubling") << QByteArray(
                                            "{% set ns = namespace(s='ab') %}{% for i in range(64) "
                                            "%}{% set ns.s = ns.s + ns.s %}{% endfor %}")
                                     << QByteArray("exceeds the limit");
    QTest::newRow("string repeat")
        << QByteArray("{{ 'x' * 100000000000 }}") << QByteArray("exceeds the limit");
    QTest::newRow("list repeat") << QByteArray("{{ [1] * 100000000000 }}")
                                 << QByteArray("exceeds the limit");
    QTest::newRow("macro recursion")
        << QByteArray("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
        << QByteArray("nested deeper");
    QTest::newRow("deep nesting") << QByteArray(std::string(5000, '(')
                                                    .append("1")
                                                    .append(5000, ')')
                                                    .insert(0, "{{ ")
                                                    .append(" }}")
                                                    .c_str())
                                  << QByteArray("nested too deeply");
}

void TestJinja::hostileTemplatesAreBounded() {
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, expected);
    ts::ChatRenderOptions o = fixedDate();
    o.limits.maxOutputBytes = 1 << 20;
    o.limits.maxLoopIterations = 100000;
    const std::string error = errorOf(source.toStdString(), o);
    QVERIFY2(error.find(expected.toStdString()) != std::string::npos, ("got: " + error).c_str());
}

void TestJinja::pythonFloatRepr() {
    using ts::jinja::pythonFloatRepr;
    // Values printed by CPython 3.11 repr(float).
    QCOMPARE(pythonFloatRepr(1.0), std::string("1.0"));
    QCOMPARE(pythonFloatRepr(-0.0), std::string("-0.0"));
    QCOMPARE(pythonFloatRepr(0.1), std::string("0.1"));
    QCOMPARE(pythonFloatRepr(1e16), std::string("1e+16"));
    QCOMPARE(pythonFloatRepr(1234567890123456.0), std::string("1234567890123456.0"));
    QCOMPARE(pythonFloatRepr(0.0001), std::string("0.0001"));
    QCOMPARE(pythonFloatRepr(0.00001), std::string("1e-05"));
    QCOMPARE(pythonFloatRepr(1.5e-7), std::string("1.5e-07"));
    QCOMPARE(pythonFloatRepr(2.5e300), std::string("2.5e+300"));
    QCOMPARE(pythonFloatRepr(123.456), std::string("123.456"));
    QCOMPARE(pythonFloatRepr(1.0 / 3.0), std::string("0.3333333333333333"));
}

void TestJinja::calendarDates() {
    const auto d = ts::parseCalendarDate("21 May 2025");
    QVERIFY(d.has_value());
    QCOMPARE(ts::formatCalendarDate(*d, "%d %b %Y"), std::string("21 May 2025"));
    QCOMPARE(ts::formatCalendarDate(*d, "%A, %B %d"), std::string("Wednesday, May 21"));
    QCOMPARE(ts::formatCalendarDate(ts::parseCalendarDate("2025-05-14").value(), "%d %b %Y"),
             std::string("14 May 2025"));
    QCOMPARE(ts::formatCalendarDate(ts::parseCalendarDate("4 July 2024").value(), "%d %b %Y"),
             std::string("04 Jul 2024"));
    QVERIFY(!ts::parseCalendarDate("31 Feb 2025").has_value());
    QVERIFY(!ts::parseCalendarDate("2025-13-01").has_value());
    QVERIFY(!ts::parseCalendarDate("tomorrow").has_value());
}

QTEST_GUILESS_MAIN(TestJinja)
#include "test_jinja.moc"
