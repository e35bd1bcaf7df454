#pragma once
// RFC 4180 CSV: quoted fields with embedded commas, quotes ("") and newlines.
// The paper's SFT CSVs need exactly this; rows remember the line they started
// on so errors can name it.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ts {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  // each row has header.size() fields
    std::vector<std::size_t> rowLines;           // 1-based line where each row starts
    std::string path;                            // source file, for messages

    // Index of a column; throws ts::Error naming the file and the column.
    std::size_t column(std::string_view name) const;
    bool hasColumn(std::string_view name) const;
};

// Parses CSV text (the first record is the header). Throws ts::Error with
// file/line for an unterminated quote, a stray quote inside an unquoted field,
// a row whose field count differs from the header, a duplicate or empty
// header, an empty text, or invalid UTF-8.
// Records end with LF or CRLF; inside quotes every byte is kept verbatim
// (a quoted CRLF stays CRLF). Blank lines between records are not rows and
// are skipped (as pandas does); a UTF-8 byte-order mark is ignored.
CsvTable parseCsv(std::string_view text, const std::string& pathForMessages = "");
CsvTable readCsv(const std::filesystem::path& path);

// One record followed by "\n", quoting the fields that need it (comma,
// quote, CR or LF); parseCsv reads it back unchanged.
std::string csvRecord(const std::vector<std::string>& fields);

// The header and every row as CSV text; writeCsv stores it atomically.
std::string formatCsv(const CsvTable& table);
void writeCsv(const std::filesystem::path& path, const CsvTable& table);

}  // namespace ts
