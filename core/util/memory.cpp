#include "core/util/memory.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace ts {

std::optional<std::uint64_t> availableMemoryBytes() {
    if (std::FILE* f = std::fopen("/proc/meminfo", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f)) {
            unsigned long long kib = 0;
            if (std::sscanf(line, "MemAvailable: %llu kB", &kib) == 1) {
                std::fclose(f);
                return std::uint64_t(kib) * 1024;
            }
        }
        std::fclose(f);
    }
    const long pages = ::sysconf(_SC_AVPHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0) return std::uint64_t(pages) * std::uint64_t(pageSize);
    return std::nullopt;
}

std::string formatByteSize(std::uint64_t bytes) {
    char buf[64];
    if (bytes >= (std::uint64_t(1) << 40))
        std::snprintf(buf, sizeof buf, "%.1f TiB", double(bytes) / double(std::uint64_t(1) << 40));
    else if (bytes >= (std::uint64_t(1) << 30))
        std::snprintf(buf, sizeof buf, "%.1f GiB", double(bytes) / double(std::uint64_t(1) << 30));
    else if (bytes >= (std::uint64_t(1) << 20))
        std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(std::uint64_t(1) << 20));
    else
        std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buf;
}

void requireAvailableMemory(std::uint64_t bytes, const std::string& what, ErrorLocation where) {
    const auto available = availableMemoryBytes();
    if (!available || bytes <= *available) return;
    throw Error(what + " needs " + formatByteSize(bytes) + " of memory but only " +
                    formatByteSize(*available) + " are available",
                std::move(where));
}

}  // namespace ts
