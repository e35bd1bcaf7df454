#include "core/data/csv_cells.h"

#include <charconv>

#include "core/data/python_literal.h"
#include "core/util/error.h"
#include "core/util/text.h"

namespace ts {

const std::string& CsvCells::text(std::size_t row, std::size_t column) const {
    return table_.rows.at(row).at(column);
}

void CsvCells::fail(std::size_t row, std::size_t column, const std::string& message) const {
    throw Error(message, {table_.path, table_.rowLines.at(row), table_.header.at(column)});
}

std::int64_t CsvCells::integer(std::size_t row, std::size_t column) const {
    const std::string_view s = trimView(text(row, column));
    std::int64_t v = 0;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size())
        fail(row, column, "expected an integer, got '" + std::string(s) + "'");
    return v;
}

nlohmann::json CsvCells::literal(std::size_t row, std::size_t column) const {
    try {
        return parsePythonLiteral(text(row, column));
    } catch (const Error& e) {
        fail(row, column, "not a valid Python literal: " + e.message());
    }
}

std::vector<std::string> CsvCells::stringList(std::size_t row, std::size_t column) const {
    const nlohmann::json v = literal(row, column);
    if (!v.is_array()) fail(row, column, "expected a Python list of str");
    std::vector<std::string> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string())
            fail(row, column,
                 "expected a Python list of str, element " + std::to_string(i) + " is not a str");
        out.push_back(v[i].get<std::string>());
    }
    return out;
}

}  // namespace ts
