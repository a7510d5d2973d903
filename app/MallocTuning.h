#pragma once

namespace OrderDesk {

// glibc's allocator, set for a server that allocates and frees in bursts on many threads (an
// order's JSON, a batch's statement parameters). Its defaults hand a thread arena's free top
// back to the kernel once it passes 128 kB and grow it 128 kB at a time: under load the store
// writer alone spent 3 % of the server's CPU in madvise (with TLB shootdowns on every core) and
// more in mprotect, returning and taking back the same pages every batch. Call once, first
// thing in main(). Does nothing on another C library.
void tuneMalloc();

} // namespace OrderDesk
