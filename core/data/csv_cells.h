#pragma once
// Typed access to the cells of a CsvTable: every failure names the file, the
// line the row starts on, and the column. List cells are Python literals
// (the paper's CSVs were written by pandas from Python lists), never eval'd.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/csv.h"

namespace ts {

class CsvCells {
public:
    explicit CsvCells(const CsvTable& table) : table_(table) {}

    const std::string& text(std::size_t row, std::size_t column) const;
    std::int64_t integer(std::size_t row, std::size_t column) const;
    std::vector<std::string> stringList(std::size_t row, std::size_t column) const;
    nlohmann::json literal(std::size_t row, std::size_t column) const;

    [[noreturn]] void fail(std::size_t row, std::size_t column, const std::string& message) const;

private:
    const CsvTable& table_;
};

}  // namespace ts
