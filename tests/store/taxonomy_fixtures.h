#pragma once
// A small bAbI-style project for the error taxonomy's store and CLI tests:
// eight one-story items and two runs ("tax-a", "tax-b") whose predictions -
// a correct trace, another label with a non-gold line, a made-up line, a
// lower-cased gold line, an empty list, a list cut off, no trace, an empty
// answer - give every retrieval and answer type, scored by the strict and
// the legacy rule as an import scores them.
#include <string>
#include <vector>

#include "core/data/item.h"
#include "core/store/project.h"
#include "core/store/run_writer.h"

namespace ts::test {

Dataset taxonomyDataset();
// The prediction of item k in a run; flavour shifts which template each item gets.
std::string taxonomyPrediction(int k, int flavour);
// Predictions with their strict and legacy verdicts.
std::vector<store::PredictionRecord> taxonomyPredictions(const Dataset& dataset, int flavour);
// Imports "tax-a" (flavour 0) and "tax-b" (flavour 1).
void importTaxonomyRuns(store::Project& project);

}  // namespace ts::test
