#pragma once
// The shared body of the dataset-loader targets: the input becomes a file of
// the name the loader expects, and loading it either gives a dataset that
// keeps the loader's promises (validateDataset passes, every item has an id)
// or throws ts::Error. Format detection on the same file must not crash either.
#include "core/data/dataset_loader.h"
#include "core/data/jsonl_dataset.h"
#include "tests/fuzz/fuzz_common.h"

namespace ts::fuzz {

inline void checkDataset(const Dataset& d) {
    try {
        validateDataset(d);
    } catch (const Error&) {
        __builtin_trap();  // the loader returned a dataset breaking its own invariants
    }
    // The native writer must accept whatever a loader produced.
    const std::string text = formatJsonlDataset(d);
    if (text.empty()) __builtin_trap();
}

inline void loadOne(const std::string& fileName, std::string_view bytes, DatasetFormat format,
                    const LoadOptions& options = {}) {
    const auto path = writeInput(fileName, bytes);
    expectCleanErrors([&] { (void)detectFormat(path); });
    expectCleanErrors([&] { checkDataset(loadDatasetFile(path, format, options)); });
}

}  // namespace ts::fuzz
