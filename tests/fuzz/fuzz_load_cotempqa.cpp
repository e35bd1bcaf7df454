// CoTempQA: the raw class files (JSON Lines / a JSON array) and the labelled
// split CSVs, chosen by the input's first non-blank byte.
#include "tests/fuzz/fuzz_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = ts::fuzz::asText(data, size);
    const auto first = text.find_first_not_of(" \t\r\n");
    const bool json = first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
    ts::fuzz::loadOne(json ? "test/equal.json" : "test_set.csv", text, ts::DatasetFormat::CoTempQA);
    return 0;
}
