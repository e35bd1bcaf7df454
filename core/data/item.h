#pragma once
// The one dataset model every source is loaded into: CoTempQA, bAbI, MS MARCO,
// the paper's SFT CSVs and our native JSONL all become a list of Items. Every
// later stage (decomposition, SFT building, scoring, the project file, the GUI)
// reads only this shape.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ts {

enum class DatasetKind { CoTempQA, Babi, MsMarco, Generic };

// "cotempqa", "babi", "msmarco", "generic".
std::string_view datasetKindName(DatasetKind kind);
std::optional<DatasetKind> parseDatasetKind(std::string_view name);

// One fact / passage / story line. Its index in Item::context is its stable id.
struct ContextUnit {
    std::string text;
    int sourceId = -1;  // bAbI story line number, MARCO passage position; -1 if none

    bool operator==(const ContextUnit&) const = default;
};

struct Item {
    std::string id;        // unique within its dataset, e.g. "equal/17", "qa1/test/s3"
    std::string split;     // "train", "test", "val", or "" for an unsplit source file
    std::string question;  // the raw question (never the rendered prompt)
    std::vector<ContextUnit> context;
    std::vector<std::string> goldAnswers;
    std::string goldLabel;             // the question's class under the dataset's label set
    std::vector<int> goldRetrieval;    // indices into context, ascending, no duplicates
    nlohmann::json meta = nlohmann::json::object();  // source metadata (see ARCHITECTURE.md)

    bool operator==(const Item&) const = default;

    std::vector<std::string> contextTexts() const;
    std::vector<std::string> goldUnitTexts() const;
};

struct Dataset {
    DatasetKind kind = DatasetKind::Generic;
    std::string name;                      // e.g. "cotempqa", "babi-en", "sample-babi"
    std::vector<std::string> sourceFiles;  // what it was loaded from
    std::vector<Item> items;
};

// Checks the invariants every loader guarantees (non-empty id, unique ids,
// retrieval indices in range, ascending). Throws ts::Error naming the item.
void validateDataset(const Dataset& dataset);

}  // namespace ts
