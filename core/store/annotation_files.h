#pragma once
// Annotations as files, for scripting, merging several annotators' work and
// loading ratings collected elsewhere. One row per annotation, runs and items
// by the names people use:
//   CSV:  run,item,step,annotator,verdict,note,tags,interpretability,
//         cognitive_load,created_at,updated_at   (tags comma-separated in one cell)
//   JSONL: {"run", "item", "step", "annotator", "verdict", "note", "tags": [...],
//           "interpretability", "cognitive_load", "created_at", "updated_at"}
// verdict: ok, wrong, partial, unevaluated or empty/null (no override); the
// ratings 1-5 or empty/null. An import checks every row before it writes any
// and stores them in one transaction: a wrong run, item, step, value or
// rating is a ts::Error naming the file, the line and the field, and then
// nothing is stored. A row for an existing (run, item, step, annotator)
// replaces it.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/store/project.h"

namespace ts::store {

enum class AnnotationFileFormat { Csv, Jsonl };
std::optional<AnnotationFileFormat> parseAnnotationFileFormat(
    std::string_view name);  // "csv", "jsonl"
// From a file name: .csv or .jsonl (ts::Error naming the file otherwise).
AnnotationFileFormat annotationFileFormatOf(const std::filesystem::path& file);

// The annotations of one run (runId > 0) or of every run, as file text.
std::string formatAnnotations(Project& project, long long runId, AnnotationFileFormat format);

struct AnnotationImportSummary {
    long long rows = 0;      // rows in the file
    long long inserted = 0;  // new (run, item, step, annotator)
    long long replaced = 0;  // rows that replaced an existing annotation
};

// annotator: when not empty, every row is stored as this annotator's (the
// file's annotator column may then be absent or empty).
AnnotationImportSummary importAnnotations(Project& project, const std::filesystem::path& file,
                                          const std::string& annotator = {});

}  // namespace ts::store
