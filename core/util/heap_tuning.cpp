#include "core/util/heap_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ts {

bool keepFreedTensorMemory() {
#if defined(__GLIBC__)
    // Setting either threshold also turns off glibc's own adjustment of them.
    constexpr int kMmapThreshold = 32 << 20;  // glibc refuses more on 64-bit
    constexpr int kTrimThreshold = 1 << 30;   // keep up to 1 GiB of free heap
    return mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1 &&
           mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1;
#else
    return false;
#endif
}

void releaseFreedMemory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace ts
