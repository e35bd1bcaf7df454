#pragma once
// How much memory this machine can still give, so that work whose size is
// known up front (model weights from config.json, a tensor file) is refused
// with a clear message before the first allocation instead of ending in an
// out-of-memory kill halfway through.
#include <cstdint>
#include <optional>
#include <string>

#include "core/util/error.h"

namespace ts {

// MemAvailable of /proc/meminfo (what the kernel can hand out without
// swapping), or the free physical pages from sysconf where that is missing;
// nullopt when neither is known.
std::optional<std::uint64_t> availableMemoryBytes();

// Throws ts::Error ("<what> needs 12.3 GiB of memory but only 4.1 GiB are
// available") when bytes exceed availableMemoryBytes(). Unknown availability
// lets the work go ahead.
void requireAvailableMemory(std::uint64_t bytes, const std::string& what, ErrorLocation where = {});

// "12.3 GiB", "512.0 MiB", "900 bytes".
std::string formatByteSize(std::uint64_t bytes);

}  // namespace ts
