// The RFC 4180 CSV reader: a table whose rows all have the header's width and
// whose re-formatted text parses back to the same table, or a ts::Error.
#include "core/data/csv.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = ts::fuzz::asText(data, size);
    ts::fuzz::expectCleanErrors([&] {
        const ts::CsvTable table = ts::parseCsv(text, "fuzz.csv");
        if (table.rows.size() != table.rowLines.size()) __builtin_trap();
        for (const auto& row : table.rows)
            if (row.size() != table.header.size()) __builtin_trap();
        const ts::CsvTable again = ts::parseCsv(ts::formatCsv(table), "fuzz.csv");
        if (again.header != table.header || again.rows != table.rows) __builtin_trap();
    });
    return 0;
}
