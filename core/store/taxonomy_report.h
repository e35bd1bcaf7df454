#pragma once
// The taxonomy of one or more runs as a document for people and programs
// (tracescope-cli taxonomy; docs/analysis.md has the shape): JSON with full
// precision (NaN as null), CSV as three tables (types, confusion, comparison)
// separated by a blank line, each with its header, and Markdown for reading.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/taxonomy.h"
#include "core/store/taxonomy_compare.h"

namespace ts::store {

struct TaxonomyDocument {
    VerdictView view;
    std::vector<RunTaxonomy> runs;
    std::optional<PooledTaxonomy> pooled;          // two or more runs
    std::optional<TaxonomyComparison> comparison;  // exactly two runs on one dataset
    std::string comparisonNote;                    // why there is none, when two runs were given
};

enum class TaxonomyFormat { Json, Csv, Markdown };
std::optional<TaxonomyFormat> parseTaxonomyFormat(std::string_view name);  // json, csv, markdown

nlohmann::ordered_json taxonomyJson(const TaxonomyDocument& document);
std::string formatTaxonomy(const TaxonomyDocument& document, TaxonomyFormat format);

// CSV and Markdown (taxonomy_text.cpp).
std::string taxonomyCsv(const TaxonomyDocument& document);
std::string taxonomyMarkdown(const TaxonomyDocument& document);

}  // namespace ts::store
