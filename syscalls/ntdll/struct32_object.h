/* UNICODE_STRING and OBJECT_ATTRIBUTES in Windows' i386 layout, every
 * offset and size pinned: how the NT services receive names. (Until the
 * NT file layer's struct32.h lands, the registry exports take them from
 * here; the two are to become one declaration.) */
#ifndef WOWBOX_SYSCALLS_NTDLL_STRUCT32_OBJECT_H
#define WOWBOX_SYSCALLS_NTDLL_STRUCT32_OBJECT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint16_t Length;        /* bytes, without a NUL */
    uint16_t MaximumLength; /* bytes */
    uint32_t Buffer;        /* PWSTR */
} UNICODE_STRING32;
_Static_assert(offsetof(UNICODE_STRING32, MaximumLength) == 2, "UNICODE_STRING32.MaximumLength");
_Static_assert(offsetof(UNICODE_STRING32, Buffer) == 4, "UNICODE_STRING32.Buffer");
_Static_assert(sizeof(UNICODE_STRING32) == 8, "sizeof UNICODE_STRING32");

typedef struct {
    uint32_t Length;
    uint32_t RootDirectory;  /* HANDLE */
    uint32_t ObjectName;     /* PUNICODE_STRING */
    uint32_t Attributes;     /* OBJ_CASE_INSENSITIVE ... */
    uint32_t SecurityDescriptor;
    uint32_t SecurityQualityOfService;
} OBJECT_ATTRIBUTES32;
_Static_assert(offsetof(OBJECT_ATTRIBUTES32, RootDirectory) == 4, "OBJECT_ATTRIBUTES32.RootDirectory");
_Static_assert(offsetof(OBJECT_ATTRIBUTES32, ObjectName) == 8, "OBJECT_ATTRIBUTES32.ObjectName");
_Static_assert(offsetof(OBJECT_ATTRIBUTES32, Attributes) == 12, "OBJECT_ATTRIBUTES32.Attributes");
_Static_assert(offsetof(OBJECT_ATTRIBUTES32, SecurityQualityOfService) == 20, "OBJECT_ATTRIBUTES32.SecurityQualityOfService");
_Static_assert(sizeof(OBJECT_ATTRIBUTES32) == 24, "sizeof OBJECT_ATTRIBUTES32");

#endif
