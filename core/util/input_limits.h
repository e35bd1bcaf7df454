#pragma once
// Every ceiling TraceScope puts on untrusted input, in one place so that the
// error messages and docs/RELIABILITY.md name the same values. A file over
// its kind's size limit is refused from its size alone, before one byte is
// read, so a sparse multi-GiB file costs nothing; JSON nested deeper than
// kMaxJsonDepth is refused before it is parsed, because nlohmann::json
// copies, compares and prints values recursively and a deep document would
// overflow the stack long after the parse succeeded.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ts {

inline constexpr std::uint64_t kMiB = std::uint64_t(1) << 20;
inline constexpr std::uint64_t kGiB = std::uint64_t(1) << 30;

struct FileSizeLimit {
    std::uint64_t bytes = 0;
    // Completes "over the <bytes> limit for <kind>" in error messages.
    std::string_view kind;
};

// Datasets of every format and predictions files (the largest real ones,
// MS MARCO's JSON files, are a few hundred MiB; whole-file formats also
// need several times their size once parsed).
inline constexpr FileSizeLimit kDatasetFileLimit{1 * kGiB, "dataset and predictions files"};
// tokenizer.json and tokenizer_config.json (real ones: 2-35 MiB).
inline constexpr FileSizeLimit kTokenizerFileLimit{256 * kMiB, "tokenizer files"};
// config.json, adapter_config.json, generation_config.json, the shard index
// of a checkpoint, experiment and training specs (real ones: a few KiB).
inline constexpr FileSizeLimit kConfigFileLimit{16 * kMiB, "configuration files"};
// Chat templates and the messages files rendered with them.
inline constexpr FileSizeLimit kTemplateFileLimit{64 * kMiB, "chat templates and messages files"};
// Any other file read whole.
inline constexpr FileSizeLimit kWholeFileLimit{1 * kGiB, "files read whole"};

// One line of a line-oriented format (JSON Lines, bAbI, CSV rows).
inline constexpr std::size_t kMaxLineBytes = 64 * kMiB;

// Nesting of objects and arrays in any JSON TraceScope reads (real files:
// tokenizer.json 4 levels, chat messages with tool calls about 8).
inline constexpr std::size_t kMaxJsonDepth = 256;

}  // namespace ts
