// TraceScope's native JSONL datasets: what reads must write back and read
// again to the same dataset.
#include "tests/fuzz/fuzz_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = ts::fuzz::writeInput("fuzz.jsonl", ts::fuzz::asText(data, size));
    ts::fuzz::expectCleanErrors([&] { (void)ts::detectFormat(path); });
    ts::fuzz::expectCleanErrors([&] {
        const ts::Dataset d = ts::readJsonlDataset(path);
        ts::fuzz::checkDataset(d);
        const auto again = ts::fuzz::writeInput("again.jsonl", ts::formatJsonlDataset(d));
        const ts::Dataset back = ts::readJsonlDataset(again);
        if (back.items != d.items || back.kind != d.kind || back.name != d.name) __builtin_trap();
    });
    return 0;
}
