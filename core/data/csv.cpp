#include "core/data/csv.h"

#include <algorithm>
#include <unordered_set>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/text.h"

namespace ts {

namespace {

// Walks the text once, byte by byte. State is kept small on purpose: the
// paper's CSVs are a few MB and this must stay a plain linear scan.
class CsvScanner {
public:
    CsvScanner(std::string_view text, const std::string& path) : s_(text), path_(path) {}

    // Reads the next record into fields; returns false at the end of the text.
    // startLine receives the 1-based line the record begins on.
    bool next(std::vector<std::string>& fields, std::size_t& startLine) {
        fields.clear();
        skipBlankLines();
        if (pos_ >= s_.size()) return false;
        startLine = line_;
        while (true) {
            std::string field;
            const bool endOfRecord = readField(field);
            fields.push_back(std::move(field));
            if (endOfRecord) return true;
        }
    }

private:
    std::string_view s_;
    const std::string& path_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;

    [[noreturn]] void fail(const std::string& message, std::size_t line) const {
        throw Error(message, {path_, line});
    }

    void skipBlankLines() {
        while (pos_ < s_.size()) {
            if (s_[pos_] == '\n') {
                ++pos_;
                ++line_;
            } else if (s_[pos_] == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
                pos_ += 2;
                ++line_;
            } else {
                return;
            }
        }
    }

    // Consumes a record terminator at pos_ if there is one (LF, CRLF, or the
    // end of the text). Returns true when the record ended.
    bool atRecordEnd() {
        if (pos_ >= s_.size()) return true;
        if (s_[pos_] == '\n') {
            ++pos_;
            ++line_;
            return true;
        }
        if (s_[pos_] == '\r') {
            if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
                pos_ += 2;
                ++line_;
                return true;
            }
            fail("carriage return not followed by a line feed outside a quoted field", line_);
        }
        return false;
    }

    // Reads one field; returns true when it was the last of its record.
    bool readField(std::string& out) {
        if (pos_ < s_.size() && s_[pos_] == '"') return readQuoted(out);
        const std::size_t start = pos_;
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (c == ',' || c == '\n' || c == '\r') break;
            if (c == '"')
                fail(
                    "quote character inside an unquoted field (the field must be quoted and the "
                    "quote doubled)",
                    line_);
            ++pos_;
        }
        out.assign(s_.substr(start, pos_ - start));
        if (pos_ < s_.size() && s_[pos_] == ',') {
            ++pos_;
            return false;
        }
        return atRecordEnd();
    }

    bool readQuoted(std::string& out) {
        const std::size_t openLine = line_;
        ++pos_;  // opening quote
        while (true) {
            const std::size_t q = s_.find('"', pos_);
            if (q == std::string_view::npos)
                fail(
                    "unterminated quoted field (it opens on line " + std::to_string(openLine) + ")",
                    openLine);
            const std::string_view chunk = s_.substr(pos_, q - pos_);
            line_ += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
            out.append(chunk);
            pos_ = q + 1;
            if (pos_ < s_.size() && s_[pos_] == '"') {  // "" is one literal quote
                out.push_back('"');
                ++pos_;
                continue;
            }
            break;
        }
        if (pos_ < s_.size() && s_[pos_] == ',') {
            ++pos_;
            return false;
        }
        if (atRecordEnd()) return true;
        fail("unexpected character after a closing quote (expected a comma or the end of the line)",
             line_);
    }
};

std::size_t lineOfOffset(std::string_view text, std::size_t offset) {
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// A field that starts with a byte-order mark is quoted too: written first in
// a file, an unquoted one would be read back as the file's BOM and dropped.
bool needsQuotes(std::string_view field) {
    return field.find_first_of(",\"\r\n") != std::string_view::npos || startsWith(field, "\xEF\xBB\xBF");
}

}  // namespace

std::size_t CsvTable::column(std::string_view name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end())
        throw Error("missing column (the header has: " + join(header, ", ") + ")",
                    {path, 1, std::string(name)});
    return static_cast<std::size_t>(it - header.begin());
}

bool CsvTable::hasColumn(std::string_view name) const {
    return std::find(header.begin(), header.end(), name) != header.end();
}

CsvTable parseCsv(std::string_view text, const std::string& pathForMessages) {
    CsvTable table;
    table.path = pathForMessages;
    if (startsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    if (const auto bad = firstInvalidUtf8(text))
        throw Error("invalid UTF-8 at byte " + std::to_string(*bad),
                    {pathForMessages, lineOfOffset(text, *bad)});
    if (trimView(text).empty())
        throw Error("empty file: expected a CSV header row", {pathForMessages});

    CsvScanner scanner(text, pathForMessages);
    std::size_t line = 0;
    scanner.next(table.header, line);
    std::unordered_set<std::string> seen;
    for (const auto& name : table.header) {
        if (name.empty()) throw Error("empty column name in the header", {pathForMessages, line});
        if (!seen.insert(name).second)
            throw Error("duplicate column name in the header", {pathForMessages, line, name});
    }

    std::vector<std::string> fields;
    while (scanner.next(fields, line)) {
        if (fields.size() != table.header.size())
            throw Error("row has " + std::to_string(fields.size()) + " fields, the header has " +
                            std::to_string(table.header.size()),
                        {pathForMessages, line});
        table.rows.push_back(fields);
        table.rowLines.push_back(line);
    }
    return table;
}

CsvTable readCsv(const std::filesystem::path& path) {
    return parseCsv(readFile(path, kDatasetFileLimit), path.string());
}

std::string csvRecord(const std::vector<std::string>& fields) {
    std::string out;
    // A record of one empty field would be a blank line, which readers skip.
    if (fields.size() == 1 && fields[0].empty()) return "\"\"\n";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        const std::string& f = fields[i];
        if (!needsQuotes(f)) {
            out += f;
            continue;
        }
        out += '"';
        for (char c : f) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    out += '\n';
    return out;
}

std::string formatCsv(const CsvTable& table) {
    std::string out = csvRecord(table.header);
    for (const auto& row : table.rows) out += csvRecord(row);
    return out;
}

void writeCsv(const std::filesystem::path& path, const CsvTable& table) {
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        if (table.rows[r].size() != table.header.size())
            throw Error("row " + std::to_string(r + 1) + " has " +
                            std::to_string(table.rows[r].size()) + " fields, the header has " +
                            std::to_string(table.header.size()),
                        {path.string()});
    writeFileAtomic(path, formatCsv(table));
}

}  // namespace ts
