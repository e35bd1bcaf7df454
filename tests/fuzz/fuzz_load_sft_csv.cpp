// The paper's SFT CSVs (Trace_Check_QA), both variants (told apart by the header).
#include "tests/fuzz/fuzz_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ts::fuzz::loadOne("equal_test.csv", ts::fuzz::asText(data, size),
                      ts::DatasetFormat::TraceCheckQaCsv);
    return 0;
}
