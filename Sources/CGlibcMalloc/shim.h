// glibc's allocator settings (mallopt and its M_* parameters), which Swift's Glibc module leaves
// out. Part of libc itself: nothing to link.
#include <malloc.h>
