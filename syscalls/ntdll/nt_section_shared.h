/* Named page-file sections shared with the other wowbox processes of one
 * prefix (a parent and its children): the section's pages are a file in
 * "<prefix>/.wowbox-sections/", found by name; every process holding the
 * section keeps a shared flock on it, and the last one to let it go
 * removes it, as the last handle ends a section on Windows. */
#ifndef WOWBOX_SYSCALLS_NTDLL_NT_SECTION_SHARED_H
#define WOWBOX_SYSCALLS_NTDLL_NT_SECTION_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The descriptor of the section `name` (created with `size` bytes when
 * `create` and no process has it: *existed false), or -1 when there is no
 * such section (create false), no prefix or no room. *size is the
 * section's size. *path: the file (malloc'd), for nt_shared_section_release. */
int nt_shared_section_open(const char *name, bool create, uint64_t *size, bool *existed, char **path);
/* A named file-backed section: its name becomes a hard link to the file
 * behind fd, so other processes open the file's own pages by that name.
 * Returns a new descriptor of the file (same access as fd) holding the
 * name, with *path for nt_shared_section_release; -1 when the name is
 * taken (another process holds it) or no link can be made (no prefix, the
 * file on another file system): then the section stays this process's. */
int nt_shared_section_link(const char *name, int fd, char **path);
/* A named SEC_RESERVE page-file section's commits, a byte per page shared
 * by every process holding it (a second file beside the section's, path
 * "<file>#c"): created zeroed (create) or found; NULL when there is none
 * (the section is not SEC_RESERVE) or no room. Unmap with munmap(pages). */
uint8_t *nt_shared_section_commits(const char *path, size_t pages, bool create);
/* This process lets the section go: the file (for a file-backed section,
 * the link only) and its commits go with the last holder. */
void nt_shared_section_release(int fd, char *path);

#endif
