#include "MallocTuning.h"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace OrderDesk {

void tuneMalloc()
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && defined(M_TOP_PAD)
    // Free memory above 8 MB at an arena's top is still returned; grow in steps of 1 MB. Setting
    // the trim threshold also ends glibc's dynamic mmap threshold, which is what it adjusted.
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
#endif
}

} // namespace OrderDesk
