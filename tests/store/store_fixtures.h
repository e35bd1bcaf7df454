#pragma once
// Synthetic datasets, predictions and verdicts for the store tests and the
// store benchmark: deterministic functions of the item index, so a test can
// count the expected table cells from the same vectors it stored.
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/score/verdict.h"
#include "core/store/run_writer.h"

namespace ts::test {

// n items "q/<k>" of a generic dataset: 3 context units each, unit 1 gold,
// labels cycling over "alpha", "beta", "gamma".
Dataset syntheticDataset(const std::string& name, int n);

// A verdict for item k under a rule; `flavour` varies the pattern between runs.
ItemVerdict syntheticVerdict(const Item& item, int k, ScoringRuleKind rule, int flavour);

// Predictions with strict and legacy verdicts for every item.
std::vector<store::PredictionRecord> syntheticPredictions(const Dataset& dataset, int flavour);

// Runs SQL on a file through raw SQLite, independent of core/store (for
// writing or tampering with files by hand); throws std::runtime_error with
// SQLite's message when it fails.
void rawExec(const std::string& path, const std::string& sql);

}  // namespace ts::test
