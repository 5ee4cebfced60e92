// The corridor binary allocates through jemalloc, configured here at link time (jemalloc
// reads this symbol at start-up, before the first allocation; MALLOC_CONF still overrides it).
//
// Why: resolution and loading build arrays of tens to hundreds of MB one after another. With
// glibc each is a fresh mmap, and on a VM touching it costs a page fault per 4 KiB: on the
// generated 1M-person case about 40% of normalisation's time was the kernel faulting and
// zeroing pages. `thp:always` backs jemalloc's extents with 2 MiB transparent huge pages
// (where the kernel allows them, including its default "madvise" mode), 512 times fewer
// faults; jemalloc also keeps freed pages below 8 MiB for reuse a few seconds instead of
// unmapping them (larger ones go to an arena that purges at once: bench/RESULTS.md, session
// 29). The loader's own arrays are mapped apart, mostly on 4 KiB pages (engine/mapped_memory.h).
// Resolving the generated 100k case went from 19.7 s to 12.2 s and 1M persons from ~200 s to
// 157 s, at the same peak memory (bench/RESULTS.md). Outputs are unchanged: nothing depends
// on addresses.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
