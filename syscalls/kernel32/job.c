/* kernel32 job objects as containers: a job records the processes
 * assigned to it (this process and its children) and reports membership
 * (IsProcessInJob); TerminateJobObject ends its children (and this process
 * when it is a member); JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE ends them when
 * the job's last handle closes. No other limit is enforced, so setting one
 * fails with ERROR_NOT_SUPPORTED instead of being ignored. Names are not
 * shared: each wowbox process has its own. */
#include <stdlib.h>
#include <string.h>

#include "core/handles.h"
#include "core/log.h"
#include "core/process.h"
#include "loader/dll_load.h"
#include "syscalls/api.h"
#include "syscalls/kernel32/api_args.h"
#include "syscalls/kernel32/child.h"
#include "syscalls/kernel32/objects.h"
#include "syscalls/kernel32/struct32.h"
#include "syscalls/win32_errors.h"

#define JobObjectBasicLimitInformation    2
#define JobObjectExtendedLimitInformation 9
#define JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION 0x0400u
#define JOB_OBJECT_LIMIT_BREAKAWAY_OK               0x0800u
#define JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK        0x1000u
#define JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE          0x2000u
/* what wowbox can honour: breakaway is moot (nothing is added to a job
 * by itself) and an unhandled exception always ends the process */
#define SUPPORTED_LIMITS (JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION | JOB_OBJECT_LIMIT_BREAKAWAY_OK | \
                          JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
#define MAX_MEMBERS 256

struct job {
    struct kobj *members[MAX_MEMBERS]; /* process objects, one reference each */
    unsigned n;
    uint32_t limit_flags;
};

static uint64_t fail(uint32_t err)
{
    teb_set_last_error(err);
    return 0;
}

static void terminate_members(struct job *j, uint32_t code)
{
    for (unsigned i = 0; i < j->n; i++)
        if (child_of(j->members[i]))
            child_terminate(child_of(j->members[i]), code);
}

static void destroy(struct handle_obj *o)
{
    struct job *j = o->data;
    if (j->limit_flags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
        terminate_members(j, 0);
    for (unsigned i = 0; i < j->n; i++)
        kobj_unref(j->members[i]);
    free(j);
}

static uint64_t create_job(void)
{
    struct handle_obj *o = calloc(1, sizeof *o);
    struct job *j = calloc(1, sizeof *j);
    uint32_t h = 0;
    if (o && j) {
        o->type = HANDLE_JOB;
        o->fd = -1;
        o->data = j;
        o->destroy = destroy;
        h = handle_new(o);
    }
    if (!h) {
        free(o);
        free(j);
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    teb_set_last_error(ERROR_SUCCESS);
    return h;
}

uint64_t kernel32_CreateJobObjectA(struct thunk_call *c) { (void)c; return create_job(); }
uint64_t kernel32_CreateJobObjectW(struct thunk_call *c) { (void)c; return create_job(); }

static struct job *job_of(uint32_t h)
{
    struct handle_obj *o = handle_get(h, HANDLE_JOB);
    return o ? o->data : NULL;
}

static bool member(const struct job *j, const struct kobj *p)
{
    for (unsigned i = 0; i < j->n; i++)
        if (j->members[i] == p)
            return true;
    return false;
}

uint64_t kernel32_AssignProcessToJobObject(struct thunk_call *c)
{
    API_ARGS(kernel32, AssignProcessToJobObject, a);
    struct job *j = job_of(a.hJob);
    struct kobj *p = kobj_from_handle(a.hProcess, KOBJ_PROCESS);
    if (!j || !p)
        return fail(ERROR_INVALID_HANDLE);
    uint32_t code;
    if (child_of(p) && child_exit_code(child_of(p), &code))
        return fail(ERROR_ACCESS_DENIED); /* it has ended */
    if (member(j, p))
        return 1;
    if (j->n == MAX_MEMBERS)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    kobj_ref(p);
    j->members[j->n++] = p;
    return 1;
}

uint64_t kernel32_IsProcessInJob(struct thunk_call *c)
{
    API_ARGS(kernel32, IsProcessInJob, a);
    struct kobj *p = kobj_from_handle(a.ProcessHandle, KOBJ_PROCESS);
    if (!p)
        return fail(ERROR_INVALID_HANDLE);
    bool in = false;
    if (a.JobHandle) {
        struct job *j = job_of(a.JobHandle);
        if (!j)
            return fail(ERROR_INVALID_HANDLE);
        in = member(j, p);
    } else { /* any job of ours */
        for (uint32_t h = handle_next(0); h && !in; h = handle_next(h))
            in = job_of(h) && member(job_of(h), p);
    }
    return gm_write_u32(a.Result, in) ? 1 : fail(ERROR_NOACCESS);
}

uint64_t kernel32_TerminateJobObject(struct thunk_call *c)
{
    API_ARGS(kernel32, TerminateJobObject, a);
    struct job *j = job_of(a.hJob);
    if (!j)
        return fail(ERROR_INVALID_HANDLE);
    terminate_members(j, a.uExitCode);
    if (member(j, kobj_from_handle(CURRENT_PROCESS_HANDLE, KOBJ_PROCESS))) {
        process_exit(a.uExitCode); /* as TerminateProcess on ourselves */
        c->no_return = true;
    }
    return 1;
}

uint64_t kernel32_SetInformationJobObject(struct thunk_call *c)
{
    API_ARGS(kernel32, SetInformationJobObject, a);
    struct job *j = job_of(a.hJob);
    if (!j)
        return fail(ERROR_INVALID_HANDLE);
    uint32_t want = a.JobObjectInformationClass == JobObjectBasicLimitInformation
                        ? sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION32)
                        : sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION32);
    if (a.JobObjectInformationClass != JobObjectBasicLimitInformation &&
        a.JobObjectInformationClass != JobObjectExtendedLimitInformation) {
        wb_error("SetInformationJobObject: information class %d is not supported", (int)a.JobObjectInformationClass);
        return fail(ERROR_NOT_SUPPORTED);
    }
    if (a.cbJobObjectInformationLength != want)
        return fail(ERROR_BAD_LENGTH);
    JOBOBJECT_BASIC_LIMIT_INFORMATION32 basic;
    if (!gm_read(a.lpJobObjectInformation, &basic, sizeof basic))
        return fail(ERROR_NOACCESS);
    if (basic.LimitFlags & ~SUPPORTED_LIMITS) {
        wb_error("SetInformationJobObject: job limits %#x are not enforced by wowbox",
                 basic.LimitFlags & ~SUPPORTED_LIMITS);
        return fail(ERROR_NOT_SUPPORTED);
    }
    j->limit_flags = basic.LimitFlags;
    return 1;
}
