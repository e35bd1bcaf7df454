// bAbI task files, under both item rules (first question per story, all questions).
#include "tests/fuzz/fuzz_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = ts::fuzz::asText(data, size);
    ts::LoadOptions options;
    ts::fuzz::loadOne("qa2_two-supporting-facts_test.txt", text, ts::DatasetFormat::Babi, options);
    options.babiItems = ts::BabiItems::AllQuestions;
    ts::fuzz::loadOne("qa2_two-supporting-facts_test.txt", text, ts::DatasetFormat::Babi, options);
    return 0;
}
