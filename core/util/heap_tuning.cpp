#include "core/util/heap_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ts {

bool keepFreedTensorMemory() {
#if defined(__GLIBC__)
    // Setting either threshold also turns off glibc's own adjustment of them.
    return mallopt(M_MMAP_THRESHOLD, kHeapMmapThresholdBytes) == 1 &&
           mallopt(M_TRIM_THRESHOLD, kHeapTrimThresholdBytes) == 1;
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
