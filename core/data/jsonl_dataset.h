#pragma once
// TraceScope's native dataset file: JSON Lines, one header line then one
// Item per line with every field (docs/formats.md). Unlike the source
// loaders it trusts the stored gold label and retrieval (no rule is re-run),
// so a converted or hand-edited dataset keeps exactly what was written; the
// reader still validates them (ids unique, retrieval indices in range and
// ascending) and names the file, line and key of any fault.
#include <filesystem>
#include <string>

#include "core/data/item.h"
#include "core/data/load_options.h"

namespace ts {

inline constexpr int kJsonlDatasetVersion = 1;

// The header line: {"tracescope_dataset":1,"dataset_kind":...,"name":...,"source_files":[...]}.
std::string jsonlDatasetHeader(const Dataset& dataset);
// One item line (without the newline).
std::string jsonlItemLine(const Item& item);
// The whole file's text.
std::string formatJsonlDataset(const Dataset& dataset);

// Writes the file atomically (a temporary file renamed into place), after
// validateDataset; nothing is written when the dataset is invalid.
void writeJsonlDataset(const std::filesystem::path& path, const Dataset& dataset);
Dataset readJsonlDataset(const std::filesystem::path& path, const LoadOptions& options = {});

// True when the line is a TraceScope dataset header (for format detection).
bool isJsonlDatasetHeader(std::string_view line);

}  // namespace ts
