#include "MallocTuning.h"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace OrderDesk {

void tuneMalloc()
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && defined(M_TOP_PAD)
    // Free memory above 8 MB at an arena's top is still returned; grow in steps of 1 MB. Setting
    // the trim threshold also ends glibc's dynamic mmap threshold, which would otherwise have
    // risen to the size of a batch's buffers (a PostgreSQL batch's rows and documents reach a
    // megabyte): below 4 MB they come from the arena, not from a mmap and munmap each.
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

} // namespace OrderDesk
