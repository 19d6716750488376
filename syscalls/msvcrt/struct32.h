/* The 32-bit structures msvcrt exchanges with the guest, declared once in
 * msvcrt's i386 layout with every offset and size pinned: FILE, struct tm,
 * _timeb, jmp_buf, lconv, the _stat and _finddata families. 64-bit members
 * (__time64_t, __int64) are 8-aligned on i386 as on the host. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_STRUCT32_H
#define WOWBOX_SYSCALLS_MSVCRT_STRUCT32_H

#include <stddef.h>
#include <stdint.h>

#include "syscalls/struct32_pin.h"


/* FILE (struct _iobuf): _iob[] is an array of these. */
typedef struct {
    uint32_t _ptr;
    int32_t _cnt;
    uint32_t _base;
    int32_t _flag;
    int32_t _file;
    int32_t _charbuf;
    int32_t _bufsiz;
    uint32_t _tmpfname;
} FILE32;
PIN(FILE32, _cnt, 4);
PIN(FILE32, _base, 8);
PIN(FILE32, _flag, 12);
PIN(FILE32, _file, 16);
PIN(FILE32, _charbuf, 20);
PIN(FILE32, _bufsiz, 24);
PIN(FILE32, _tmpfname, 28);
PIN_SIZE(FILE32, 32);

/* struct tm */
typedef struct {
    int32_t tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
} TM32;
PIN(TM32, tm_hour, 8);
PIN(TM32, tm_year, 20);
PIN(TM32, tm_isdst, 32);
PIN_SIZE(TM32, 36);

/* struct __timeb32 (_ftime, _ftime32_s) and __timeb64 (_ftime64...) */
typedef struct {
    int32_t time;
    uint16_t millitm;
    int16_t timezone; /* minutes west of UTC */
    int16_t dstflag;
} TIMEB32;
PIN(TIMEB32, millitm, 4);
PIN(TIMEB32, timezone, 6);
PIN(TIMEB32, dstflag, 8);
PIN_SIZE(TIMEB32, 12);

typedef struct {
    int64_t time;
    uint16_t millitm;
    int16_t timezone;
    int16_t dstflag;
} TIMEB64;
PIN(TIMEB64, millitm, 8);
PIN(TIMEB64, timezone, 10);
PIN(TIMEB64, dstflag, 12);
PIN_SIZE(TIMEB64, 16);

/* jmp_buf as msvcrt's _setjmp3/longjmp use it (_JUMP_BUFFER, i386). */
typedef struct {
    uint32_t Ebp, Ebx, Edi, Esi, Esp, Eip;
    uint32_t Registration; /* the SEH frame current at setjmp */
    uint32_t TryLevel;
    uint32_t Cookie;       /* "VC20" when the fields below are valid */
    uint32_t UnwindFunc;
    uint32_t UnwindData[6];
} JUMP_BUFFER32;
PIN(JUMP_BUFFER32, Esp, 16);
PIN(JUMP_BUFFER32, Eip, 20);
PIN(JUMP_BUFFER32, Registration, 24);
PIN(JUMP_BUFFER32, TryLevel, 28);
PIN(JUMP_BUFFER32, Cookie, 32);
PIN(JUMP_BUFFER32, UnwindFunc, 36);
PIN(JUMP_BUFFER32, UnwindData, 40);
PIN_SIZE(JUMP_BUFFER32, 64);

/* The registration record of an _except_handler3 frame (what fs:[0]
 * points at in MSVC code): setjmp saves its try level. */
typedef struct {
    uint32_t Next;
    uint32_t Handler;
    uint32_t ScopeTable;
    int32_t TryLevel;
} EH3_REGISTRATION32;
PIN(EH3_REGISTRATION32, ScopeTable, 8);
PIN(EH3_REGISTRATION32, TryLevel, 12);
PIN_SIZE(EH3_REGISTRATION32, 16);

/* struct lconv: ten char * then eight chars (CHAR_MAX: not available), as
 * through XP; later msvcrt.dll versions append eight wchar_t * (_W_*)
 * that wowbox does not provide yet. The guest's char is signed (its
 * CHAR_MAX is 127) whatever the host's is: int8_t. */
#define GUEST_CHAR_MAX 127
typedef struct {
    uint32_t decimal_point, thousands_sep, grouping, int_curr_symbol, currency_symbol;
    uint32_t mon_decimal_point, mon_thousands_sep, mon_grouping, positive_sign, negative_sign;
    int8_t int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space;
    int8_t n_cs_precedes, n_sep_by_space, p_sign_posn, n_sign_posn;
} LCONV32;
PIN(LCONV32, negative_sign, 36);
PIN(LCONV32, int_frac_digits, 40);
PIN(LCONV32, n_sign_posn, 47);
PIN_SIZE(LCONV32, 48);

/* The _stat family: struct _stat (_stat32), _stati64 (_stat32i64),
 * _stat64i32 and _stat64 share their head. */
#define STAT32_HEAD          \
    uint32_t st_dev;         \
    uint16_t st_ino;         \
    uint16_t st_mode;        \
    int16_t st_nlink;        \
    int16_t st_uid;          \
    int16_t st_gid;          \
    uint32_t st_rdev

typedef struct {
    STAT32_HEAD;
    int32_t st_size;
    int32_t access_time, modify_time, change_time;
} STAT32;
PIN(STAT32, st_ino, 4);
PIN(STAT32, st_mode, 6);
PIN(STAT32, st_nlink, 8);
PIN(STAT32, st_gid, 12);
PIN(STAT32, st_rdev, 16);
PIN(STAT32, st_size, 20);
PIN(STAT32, access_time, 24);
PIN(STAT32, change_time, 32);
PIN_SIZE(STAT32, 36);

typedef struct {
    STAT32_HEAD;
    int64_t st_size;
    int32_t access_time, modify_time, change_time;
} STAT32I64;
PIN(STAT32I64, st_rdev, 16);
PIN(STAT32I64, st_size, 24);
PIN(STAT32I64, access_time, 32);
PIN(STAT32I64, change_time, 40);
PIN_SIZE(STAT32I64, 48);

typedef struct {
    STAT32_HEAD;
    int32_t st_size;
    int64_t access_time, modify_time, change_time;
} STAT64I32;
PIN(STAT64I32, st_size, 20);
PIN(STAT64I32, access_time, 24);
PIN(STAT64I32, change_time, 40);
PIN_SIZE(STAT64I32, 48);

typedef struct {
    STAT32_HEAD;
    int64_t st_size;
    int64_t access_time, modify_time, change_time;
} STAT64;
PIN(STAT64, st_size, 24);
PIN(STAT64, access_time, 32);
PIN(STAT64, change_time, 48);
PIN_SIZE(STAT64, 56);
#undef STAT32_HEAD

/* The _finddata family: _findfirst (_finddata32_t), _findfirsti64
 * (_finddata32i64_t), _findfirst64 (__finddata64_t), and the W forms. */
#define FINDDATA_NAME_MAX 260

typedef struct {
    uint32_t attrib;
    int32_t time_create, time_access, time_write;
    uint32_t size;
    char name[FINDDATA_NAME_MAX];
} FINDDATA32;
PIN(FINDDATA32, time_create, 4);
PIN(FINDDATA32, time_write, 12);
PIN(FINDDATA32, size, 16);
PIN(FINDDATA32, name, 20);
PIN_SIZE(FINDDATA32, 280);

typedef struct {
    uint32_t attrib;
    int32_t time_create, time_access, time_write;
    int64_t size;
    char name[FINDDATA_NAME_MAX];
} FINDDATA32I64;
PIN(FINDDATA32I64, size, 16);
PIN(FINDDATA32I64, name, 24);
PIN_SIZE(FINDDATA32I64, 288);

typedef struct {
    uint32_t attrib;
    int64_t time_create, time_access, time_write;
    int64_t size;
    char name[FINDDATA_NAME_MAX];
} FINDDATA64;
PIN(FINDDATA64, time_create, 8);
PIN(FINDDATA64, time_write, 24);
PIN(FINDDATA64, size, 32);
PIN(FINDDATA64, name, 40);
PIN_SIZE(FINDDATA64, 304);

typedef struct {
    uint32_t attrib;
    int32_t time_create, time_access, time_write;
    uint32_t size;
    uint16_t name[FINDDATA_NAME_MAX];
} WFINDDATA32;
PIN(WFINDDATA32, name, 20);
PIN_SIZE(WFINDDATA32, 540);

typedef struct {
    uint32_t attrib;
    int32_t time_create, time_access, time_write;
    int64_t size;
    uint16_t name[FINDDATA_NAME_MAX];
} WFINDDATA32I64;
PIN(WFINDDATA32I64, size, 16);
PIN(WFINDDATA32I64, name, 24);
PIN_SIZE(WFINDDATA32I64, 544);

typedef struct {
    uint32_t attrib;
    int64_t time_create, time_access, time_write;
    int64_t size;
    uint16_t name[FINDDATA_NAME_MAX];
} WFINDDATA64;
PIN(WFINDDATA64, size, 32);
PIN(WFINDDATA64, name, 40);
PIN_SIZE(WFINDDATA64, 560);

/* msvcrt's per-thread data that guest code sees: errno and _doserrno
 * (their addresses are what _errno()/__doserrno() return) and the buffers
 * strerror, _strerror and _wcserror return, one set per thread as msvcrt
 * keeps them, and _mbstok's position. 134 = 94 characters of caller text + the longest message. */
#define CRT_ERRMSG_LEN 134
typedef struct {
    int32_t errno_;
    uint32_t doserrno;
    char errmsg[CRT_ERRMSG_LEN];
    uint16_t werrmsg[CRT_ERRMSG_LEN];
    uint32_t mbstok_next; /* where _mbstok goes on (guest/mbstring.c) */
} CRT_THREAD_DATA32;
PIN(CRT_THREAD_DATA32, doserrno, 4);
PIN(CRT_THREAD_DATA32, errmsg, 8);
PIN(CRT_THREAD_DATA32, werrmsg, 142);
PIN(CRT_THREAD_DATA32, mbstok_next, 412);
PIN_SIZE(CRT_THREAD_DATA32, 416);

#endif
