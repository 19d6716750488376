/* The MSVC i386 C++ exception-handling tables (what the compiler emits for
 * __CxxFrameHandler3 and _CxxThrowException) and the SEH4 scope table of
 * _except_handler4, in their 32-bit layouts. Included by the host and by
 * vcruntime140's guest code (pointers are uint32_t guest addresses). */
#ifndef WOWBOX_SYSCALLS_VCRUNTIME140_STRUCT32_H
#define WOWBOX_SYSCALLS_VCRUNTIME140_STRUCT32_H

#include <stdint.h>

#include "syscalls/struct32_pin.h"

/* The exception code of a C++ throw ('msc' | 0xE0000000) and the magic
 * numbers in its first parameter and in FuncInfo (by compiler version). */
#define CXX_EXCEPTION_CODE   0xE06D7363u
#define CXX_MAGIC_VC6        0x19930520u
#define CXX_MAGIC_VC7        0x19930521u /* adds pESTypeList */
#define CXX_MAGIC_VC8        0x19930522u /* adds EHFlags */
#define CXX_MAGIC_MASK       0x1FFFFFFFu /* FuncInfo: the top 3 bits are bbtFlags */

/* TypeDescriptor (type_info's layout): vftable, spare, decorated name */
typedef struct {
    uint32_t pVFTable;
    uint32_t spare;
    char name[];  /* ".H", ".?AVclass@@" ... */
} TYPE_DESCRIPTOR32;
PIN(TYPE_DESCRIPTOR32, spare, 4);
PIN(TYPE_DESCRIPTOR32, name, 8);
PIN_SIZE(TYPE_DESCRIPTOR32, 8);

/* PMD: how to reach a base class inside the thrown object */
typedef struct {
    int32_t mdisp; /* member displacement */
    int32_t pdisp; /* vbtable displacement, -1: no virtual base */
    int32_t vdisp; /* displacement inside the vbtable */
} PMD32;
PIN(PMD32, pdisp, 4);
PIN(PMD32, vdisp, 8);
PIN_SIZE(PMD32, 12);

/* CatchableType.properties */
#define CT_IS_SIMPLE_TYPE      0x01u
#define CT_BY_REFERENCE_ONLY   0x02u
#define CT_HAS_VIRTUAL_BASE    0x04u

typedef struct {
    uint32_t properties;
    uint32_t pType;          /* TYPE_DESCRIPTOR32 */
    PMD32 thisDisplacement;
    int32_t sizeOrOffset;    /* size of the object */
    uint32_t copyFunction;   /* copy constructor (thiscall), 0: bitwise */
} CATCHABLE_TYPE32;
PIN(CATCHABLE_TYPE32, pType, 4);
PIN(CATCHABLE_TYPE32, thisDisplacement, 8);
PIN(CATCHABLE_TYPE32, sizeOrOffset, 20);
PIN(CATCHABLE_TYPE32, copyFunction, 24);
PIN_SIZE(CATCHABLE_TYPE32, 28);

typedef struct {
    int32_t nCatchableTypes;
    uint32_t arrayOfCatchableTypes[]; /* CATCHABLE_TYPE32 *, most derived first */
} CATCHABLE_TYPE_ARRAY32;
PIN(CATCHABLE_TYPE_ARRAY32, arrayOfCatchableTypes, 4);
PIN_SIZE(CATCHABLE_TYPE_ARRAY32, 4);

/* ThrowInfo.attributes */
#define TI_IS_CONST     0x01u
#define TI_IS_VOLATILE  0x02u
#define TI_IS_UNALIGNED 0x04u

typedef struct {
    uint32_t attributes;
    uint32_t pmfnUnwind;          /* the thrown object's destructor (thiscall), 0: none */
    uint32_t pForwardCompat;
    uint32_t pCatchableTypeArray; /* CATCHABLE_TYPE_ARRAY32 */
} THROW_INFO32;
PIN(THROW_INFO32, pmfnUnwind, 4);
PIN(THROW_INFO32, pForwardCompat, 8);
PIN(THROW_INFO32, pCatchableTypeArray, 12);
PIN_SIZE(THROW_INFO32, 16);

/* HandlerType.adjectives */
#define HT_IS_CONST       0x01u
#define HT_IS_VOLATILE    0x02u
#define HT_IS_UNALIGNED   0x04u
#define HT_IS_REFERENCE   0x08u
#define HT_IS_STD_DOTDOT  0x40u

/* One catch clause */
typedef struct {
    uint32_t adjectives;
    uint32_t pType;            /* TYPE_DESCRIPTOR32, 0: catch(...) */
    int32_t dispCatchObj;      /* the catch variable at ebp + this, 0: none */
    uint32_t addressOfHandler; /* the catch block: returns where to continue */
} HANDLER_TYPE32;
PIN(HANDLER_TYPE32, pType, 4);
PIN(HANDLER_TYPE32, dispCatchObj, 8);
PIN(HANDLER_TYPE32, addressOfHandler, 12);
PIN_SIZE(HANDLER_TYPE32, 16);

/* One try block: the states it covers, its catch clauses */
typedef struct {
    int32_t tryLow, tryHigh, catchHigh;
    int32_t nCatches;
    uint32_t pHandlerArray; /* HANDLER_TYPE32[nCatches] */
} TRY_BLOCK_MAP_ENTRY32;
PIN(TRY_BLOCK_MAP_ENTRY32, tryHigh, 4);
PIN(TRY_BLOCK_MAP_ENTRY32, catchHigh, 8);
PIN(TRY_BLOCK_MAP_ENTRY32, nCatches, 12);
PIN(TRY_BLOCK_MAP_ENTRY32, pHandlerArray, 16);
PIN_SIZE(TRY_BLOCK_MAP_ENTRY32, 20);

/* Leaving state i: run action (a destructor funclet, 0: none), go to toState */
typedef struct {
    int32_t toState;
    uint32_t action;
} UNWIND_MAP_ENTRY32;
PIN(UNWIND_MAP_ENTRY32, action, 4);
PIN_SIZE(UNWIND_MAP_ENTRY32, 8);

/* FuncInfo.EHFlags */
#define FI_EHS_FLAG       0x01u /* /EHs: catch(...) does not catch SEH exceptions */
#define FI_DYNSTKALIGN    0x02u
#define FI_EHNOEXCEPT     0x04u /* noexcept: an exception leaving it terminates */

typedef struct {
    uint32_t magicNumber; /* CXX_MAGIC_* in the low 29 bits */
    int32_t maxState;
    uint32_t pUnwindMap;  /* UNWIND_MAP_ENTRY32[maxState] */
    uint32_t nTryBlocks;
    uint32_t pTryBlockMap; /* TRY_BLOCK_MAP_ENTRY32[nTryBlocks] */
    uint32_t nIPMapEntries;
    uint32_t pIPtoStateMap;
    uint32_t pESTypeList; /* VC7+ */
    int32_t EHFlags;      /* VC8+ */
} FUNC_INFO32;
PIN(FUNC_INFO32, maxState, 4);
PIN(FUNC_INFO32, pUnwindMap, 8);
PIN(FUNC_INFO32, nTryBlocks, 12);
PIN(FUNC_INFO32, pTryBlockMap, 16);
PIN(FUNC_INFO32, nIPMapEntries, 20);
PIN(FUNC_INFO32, pIPtoStateMap, 24);
PIN(FUNC_INFO32, pESTypeList, 28);
PIN(FUNC_INFO32, EHFlags, 32);
PIN_SIZE(FUNC_INFO32, 36);

/* The frame a C++ function builds (EstablisherFrame points at `next`; the
 * function's ebp is 12 bytes above it). */
typedef struct {
    uint32_t savedEsp;  /* esp after the prologue: where a catch continues */
    uint32_t next;      /* EXCEPTION_REGISTRATION_RECORD */
    uint32_t handler;
    int32_t state;      /* the current unwind state, -1: none */
} CXX_FRAME32;
PIN(CXX_FRAME32, next, 4);
PIN(CXX_FRAME32, handler, 8);
PIN(CXX_FRAME32, state, 12);
PIN_SIZE(CXX_FRAME32, 16);
#define CXX_FRAME_FROM_REGISTRATION(rn) ((rn) - 4u)
#define CXX_FRAME_EBP(rn) ((rn) + 12u)

/* SEH4 (_except_handler4): the scope table the frame holds XORed with
 * the image's security cookie, and its records. */
typedef struct {
    uint32_t EnclosingLevel; /* 0xFFFFFFFE: none */
    uint32_t FilterFunc;     /* 0: a __finally block */
    uint32_t HandlerFunc;    /* __except block or __finally funclet */
} EH4_SCOPETABLE_RECORD32;
PIN(EH4_SCOPETABLE_RECORD32, FilterFunc, 4);
PIN(EH4_SCOPETABLE_RECORD32, HandlerFunc, 8);
PIN_SIZE(EH4_SCOPETABLE_RECORD32, 12);

#define EH4_NO_GS_COOKIE 0xFFFFFFFEu
#define EH4_TOPMOST_LEVEL 0xFFFFFFFEu

typedef struct {
    uint32_t GSCookieOffset; /* EH4_NO_GS_COOKIE: no /GS cookie */
    uint32_t GSCookieXOROffset;
    uint32_t EHCookieOffset;
    uint32_t EHCookieXOROffset;
    EH4_SCOPETABLE_RECORD32 ScopeRecord[];
} EH4_SCOPETABLE32;
PIN(EH4_SCOPETABLE32, GSCookieXOROffset, 4);
PIN(EH4_SCOPETABLE32, EHCookieOffset, 8);
PIN(EH4_SCOPETABLE32, EHCookieXOROffset, 12);
PIN(EH4_SCOPETABLE32, ScopeRecord, 16);
PIN_SIZE(EH4_SCOPETABLE32, 16);

/* The SEH4 frame; EstablisherFrame points at `next`, ebp is 16 bytes above it. */
typedef struct {
    uint32_t savedEsp;
    uint32_t exceptionPointers;  /* EXCEPTION_POINTERS *, for GetExceptionInformation */
    uint32_t next;               /* EXCEPTION_REGISTRATION_RECORD */
    uint32_t handler;
    uint32_t encodedScopeTable;  /* EH4_SCOPETABLE32 * ^ __security_cookie */
    uint32_t tryLevel;
} EH4_FRAME32;
PIN(EH4_FRAME32, exceptionPointers, 4);
PIN(EH4_FRAME32, next, 8);
PIN(EH4_FRAME32, handler, 12);
PIN(EH4_FRAME32, encodedScopeTable, 16);
PIN(EH4_FRAME32, tryLevel, 20);
PIN_SIZE(EH4_FRAME32, 24);
#define EH4_FRAME_FROM_REGISTRATION(rn) ((rn) - 8u)
#define EH4_FRAME_EBP(rn) ((rn) + 16u)

/* __std_exception_data (std::exception's members) */
typedef struct {
    uint32_t what;     /* const char * */
    uint8_t doFree;
    uint8_t pad[3];
} STD_EXCEPTION_DATA32;
PIN(STD_EXCEPTION_DATA32, doFree, 4);
PIN_SIZE(STD_EXCEPTION_DATA32, 8);

/* Per-thread C++ exception state, in guest memory (vcruntime140/state.c):
 * __current_exception returns the address of the block (its first
 * member), __current_exception_context of the second, __processing_throw
 * of the third; the guest frame handler reads the rest through the first. */
typedef struct {
    uint32_t curException;    /* EXCEPTION_RECORD * of the exception being handled */
    uint32_t curContext;      /* its CONTEXT * */
    int32_t processingThrow;  /* thrown and not caught yet */
    uint32_t activeCatch;     /* innermost catch block running (guest/eh.c's guard) */
    uint32_t seTranslator;    /* _set_se_translator's function, 0: none */
} VCRT_THREAD_DATA32;
PIN(VCRT_THREAD_DATA32, curContext, 4);
PIN(VCRT_THREAD_DATA32, processingThrow, 8);
PIN(VCRT_THREAD_DATA32, activeCatch, 12);
PIN(VCRT_THREAD_DATA32, seTranslator, 16);
PIN_SIZE(VCRT_THREAD_DATA32, 20);

/* __std_type_info_data (type_info's members after the vftable) */
typedef struct {
    uint32_t undecoratedName; /* char *, filled by __std_type_info_name */
    char decoratedName[];
} STD_TYPE_INFO_DATA32;
PIN(STD_TYPE_INFO_DATA32, decoratedName, 4);
PIN_SIZE(STD_TYPE_INFO_DATA32, 4);

/* __type_info_root_node: an SLIST_HEADER whose entries are the names
 * __std_type_info_name allocated (TYPE_INFO_NAME32), freed by
 * __std_type_info_destroy_list. */
typedef struct {
    uint32_t next;
    uint16_t depth, sequence;
} TYPE_INFO_ROOT32;
PIN(TYPE_INFO_ROOT32, depth, 4);
PIN_SIZE(TYPE_INFO_ROOT32, 8);

typedef struct {
    uint32_t next;  /* SLIST_ENTRY */
    char name[];
} TYPE_INFO_NAME32;
PIN(TYPE_INFO_NAME32, name, 4);
PIN_SIZE(TYPE_INFO_NAME32, 4);

#endif
