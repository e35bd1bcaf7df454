// The strict Python-literal reader of the paper's CSV cells: any text is
// either one literal (re-parsed identically from its JSON form when it is a
// list of strings) or a ts::Error.
#include "core/data/python_literal.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = ts::fuzz::asText(data, size);
    ts::fuzz::expectCleanErrors([&] {
        const nlohmann::json value = ts::parsePythonLiteral(text);
        (void)value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    });
    ts::fuzz::expectCleanErrors([&] { (void)ts::parsePythonStringList(text); });
    ts::fuzz::expectCleanErrors([&] { (void)ts::parsePythonString(text); });
    return 0;
}
