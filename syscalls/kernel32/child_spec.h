/* What a parent wowbox hands the child wowbox that runs a process it
 * created (CreateProcess): the command line, current directory and
 * environment the child starts with, the handles it inherits (each at the
 * value it has in the parent, its host descriptor passed at a known
 * number), its standard handles, and the descriptors for resuming a
 * suspended child and reporting its 32-bit exit code. The parent writes
 * the spec into a memfd the child reads once at start-up
 * (`wowbox --child-spec=FD`, docs/architecture.md "Child processes"). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_CHILD_SPEC_H
#define WOWBOX_SYSCALLS_KERNEL32_CHILD_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct child_handle {
    uint32_t value;   /* the handle value, the same in parent and child */
    int fd;           /* the host descriptor the child finds it at */
    uint32_t flags;   /* HANDLE_FLAG_* (inherit stays set, as on Windows) */
    bool append;
    char *host_path;  /* files: for GetFileType and traces; may be NULL */
    /* a section (file mapping) handle: is set, fd holds its pages */
    struct {
        bool is;
        uint32_t access, prot, attrs;
        uint64_t size;
        bool file_backed;
        char *name;   /* a named page-file section's namespace key, or NULL */
    } section;
};

struct child_spec {
    char *command_line;   /* UTF-8 */
    char *cwd;            /* "C:\dir" */
    uint16_t *env;        /* double-NUL-terminated UTF-16 block */
    size_t env_units;     /* including the final NUL */
    /* the standard handles' values in the child; 0: a new handle for the
     * host descriptor 0, 1 or 2, which always carry the standard streams */
    uint32_t std[3];
    int resume_fd;        /* >= 0: wait for its end before running (CREATE_SUSPENDED) */
    int status_fd;        /* >= 0: the exit code is written here as 4 bytes */
    struct child_handle *handles;
    size_t nhandles;
    uint32_t parent_pid;  /* the creator's guest process id (Process Start's ParentId) */
};

/* Writes spec to fd; false on a short write. */
bool child_spec_write(int fd, const struct child_spec *spec);
/* Reads a spec from fd (from its start); false with a reason in err for
 * anything malformed. */
bool child_spec_read(int fd, struct child_spec *spec, char *err, size_t errsz);
void child_spec_free(struct child_spec *spec);

/* The spec this process was started with (NULL: not a child of a wowbox);
 * start-up sets it, kernel32 restores the handles from it. */
extern const struct child_spec *child_spec_self;
/* Recreates the inherited handles at their values and points the standard
 * handles at them or at host descriptors 0-2; false when out of memory. */
bool child_spec_restore_handles(void);

/* The child's last act: its 32-bit exit code to the parent. */
void child_report_exit(uint32_t code);

#endif
