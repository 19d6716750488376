/* vcruntime140's C++ exception handling as guest code, as Windows runs it
 * inside the 32-bit vcruntime140.dll: _CxxThrowException raises the C++
 * exception; __CxxFrameHandler3 (entered with the function's FuncInfo in
 * eax) finds the catch clause whose type matches one of the thrown
 * object's catchable types, builds the catch variable, unwinds the frames
 * above (RtlUnwind, which calls their handlers to destroy their objects)
 * and its own try block (the unwind map), runs the catch block and
 * continues where the catch block says. A catch block runs below the
 * dispatcher on the guest stack, guarded by a frame of its own, so a
 * rethrow or a new exception from it leaves through ordinary dispatch.
 * Under /EHa tables an SEH exception first goes through the thread's SE
 * translator (_set_se_translator), once per frame with a try block.
 * The table layouts are syscalls/vcruntime140/struct32.h. */
#include "syscalls/guest/wg.h"

#include "core/seh.h"
#include "syscalls/guest/funclet.h"
#include "syscalls/vcruntime140/struct32.h"

WG_IMPORT(kernel32, RaiseException, void, WINAPI, (uint32_t code, uint32_t flags, uint32_t n, const uint32_t *args));
WG_IMPORT(kernel32, RtlUnwind, void, WINAPI, (void *frame, void *ip, struct seh_record32 *rec, uint32_t value));
WG_IMPORT(vcruntime140, __current_exception, VCRT_THREAD_DATA32 *, CDECL, (void));
WG_IMPORT(vcruntime140, __std_terminate, void, CDECL, (void));

#define DISPOSITION_CONTINUE_SEARCH 1u
#define EXCEPTION_UNWIND (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)

typedef void(__attribute__((thiscall)) * dtor_fn)(uint32_t self);
typedef void(__attribute__((thiscall)) * copy_fn)(uint32_t self, uint32_t src);
typedef void(__attribute__((thiscall)) * copy_vbase_fn)(uint32_t self, uint32_t src, int most_derived);

static VCRT_THREAD_DATA32 *thread_data(void) { return wg_imp_vcruntime140___current_exception(); }

/* Continues in the function owning frame rn at `to`, with its esp and ebp,
 * abandoning everything below (the dispatcher, this handler). */
static __attribute__((noreturn)) void jump_into_frame(uint32_t to, uint32_t esp, uint32_t ebp)
{
    __asm__ volatile("movl %%ecx, %%ebp\n\t"
                     "movl %%edx, %%esp\n\t"
                     "jmp *%%eax"
                     :
                     : "a"(to), "c"(ebp), "d"(esp)
                     : "memory");
    __builtin_unreachable();
}

static int cxx_exception(const struct seh_record32 *rec)
{
    return rec->code == CXX_EXCEPTION_CODE && rec->nparams >= 3 &&
           (rec->info[0] == CXX_MAGIC_VC6 || rec->info[0] == CXX_MAGIC_VC7 || rec->info[0] == CXX_MAGIC_VC8);
}

static const THROW_INFO32 *throw_info(const struct seh_record32 *rec)
{
    return (const THROW_INFO32 *)rec->info[2];
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* ---------------------------------------------------------------- throw */

/* throw obj;  (obj and info NULL: throw; of the exception being handled) */
void WINAPI vcruntime140__CxxThrowException(uint32_t object, const THROW_INFO32 *info)
{
    uint32_t args[3] = { CXX_MAGIC_VC6, object, (uint32_t)info };
    VCRT_THREAD_DATA32 *td = thread_data();
    if (!object && !info) {
        const struct seh_record32 *cur = (const struct seh_record32 *)td->curException;
        if (!cur || !cxx_exception(cur))
            wg_imp_vcruntime140___std_terminate(); /* nothing to rethrow */
        args[0] = cur->info[0];
        args[1] = cur->info[1];
        args[2] = cur->info[2];
    }
    td->processingThrow++;
    wg_imp_kernel32_RaiseException(CXX_EXCEPTION_CODE, EXCEPTION_NONCONTINUABLE, 3, args);
}

/* ---------------------------------------------------------------- unwind */

/* Runs the unwind map of frame rn from its current state down to `to`:
 * each state's action destroys what that state constructed. */
static void unwind_to_state(uint32_t rn, const FUNC_INFO32 *fi, int32_t to)
{
    CXX_FRAME32 *frame = (CXX_FRAME32 *)CXX_FRAME_FROM_REGISTRATION(rn);
    const UNWIND_MAP_ENTRY32 *map = (const UNWIND_MAP_ENTRY32 *)fi->pUnwindMap;
    int32_t state = frame->state;
    while (state != to && state >= 0 && state < fi->maxState) {
        const UNWIND_MAP_ENTRY32 *e = &map[state];
        state = e->toState;
        frame->state = state; /* before the action: a throw from it must not rerun it */
        if (e->action)
            call_with_ebp(e->action, CXX_FRAME_EBP(rn));
    }
    frame->state = to;
}

/* ---------------------------------------------------------------- match */

/* this + pmd, through the virtual-base table when the base is virtual */
static uint32_t adjust_pointer(uint32_t self, const PMD32 *pmd)
{
    uint32_t p = self + (uint32_t)pmd->mdisp;
    if (pmd->pdisp >= 0) {
        uint32_t vbtable = *(const uint32_t *)(self + (uint32_t)pmd->pdisp);
        p += (uint32_t)pmd->pdisp + *(const uint32_t *)(vbtable + (uint32_t)pmd->vdisp);
    }
    return p;
}

static int catches_all(const HANDLER_TYPE32 *ht)
{
    const TYPE_DESCRIPTOR32 *td = (const TYPE_DESCRIPTOR32 *)ht->pType;
    return !td || !td->name[0] || (ht->adjectives & HT_IS_STD_DOTDOT);
}

/* Does catch clause ht take an object of catchable type ct thrown with ti? */
static int type_matches(const HANDLER_TYPE32 *ht, const CATCHABLE_TYPE32 *ct, const THROW_INFO32 *ti)
{
    if (catches_all(ht))
        return 1;
    const TYPE_DESCRIPTOR32 *want = (const TYPE_DESCRIPTOR32 *)ht->pType;
    const TYPE_DESCRIPTOR32 *have = (const TYPE_DESCRIPTOR32 *)ct->pType;
    if (want != have && !streq(want->name, have->name))
        return 0;
    if ((ct->properties & CT_BY_REFERENCE_ONLY) && !(ht->adjectives & HT_IS_REFERENCE))
        return 0;
    /* a const (volatile, unaligned) object needs a catch that accepts it */
    static const uint32_t qual[][2] = { { TI_IS_CONST, HT_IS_CONST },
                                        { TI_IS_VOLATILE, HT_IS_VOLATILE },
                                        { TI_IS_UNALIGNED, HT_IS_UNALIGNED } };
    for (int i = 0; i < 3; i++)
        if ((ti->attributes & qual[i][0]) && !(ht->adjectives & qual[i][1]))
            return 0;
    return 1;
}

/* The catch variable of ht, from the thrown object: a reference to it, a
 * copy of a simple value (a pointer adjusted to the base class), or a copy
 * made by the class's copy constructor. */
static void build_catch_object(const struct seh_record32 *rec, uint32_t rn, const HANDLER_TYPE32 *ht,
                               const CATCHABLE_TYPE32 *ct)
{
    if (catches_all(ht) || !ht->dispCatchObj || !ct)
        return;
    uint32_t dst = CXX_FRAME_EBP(rn) + (uint32_t)ht->dispCatchObj;
    uint32_t obj = rec->info[1];
    if (ht->adjectives & HT_IS_REFERENCE) {
        *(uint32_t *)dst = adjust_pointer(obj, &ct->thisDisplacement);
    } else if (ct->properties & CT_IS_SIMPLE_TYPE) {
        memcpy((void *)dst, (const void *)obj, (size_t)ct->sizeOrOffset);
        if (ct->sizeOrOffset == 4 && *(uint32_t *)dst)
            *(uint32_t *)dst = adjust_pointer(*(uint32_t *)dst, &ct->thisDisplacement);
    } else if (!ct->copyFunction) {
        memcpy((void *)dst, (const void *)adjust_pointer(obj, &ct->thisDisplacement), (size_t)ct->sizeOrOffset);
    } else if (ct->properties & CT_HAS_VIRTUAL_BASE) {
        ((copy_vbase_fn)ct->copyFunction)(dst, adjust_pointer(obj, &ct->thisDisplacement), 1);
    } else {
        ((copy_fn)ct->copyFunction)(dst, adjust_pointer(obj, &ct->thisDisplacement));
    }
}

/* ------------------------------------------------------------ catch block */

/* Registered around a running catch block: if an exception leaves the
 * block, the unwind passes here and ends the catch (the thread's current
 * exception goes back to the enclosing one; the caught object is destroyed
 * unless it is the very object now in flight, a rethrow). */
struct catch_guard {
    uint32_t next, handler; /* EXCEPTION_REGISTRATION_RECORD */
    uint32_t rec, ctx;      /* the exception this catch block handles */
    uint32_t prev_exception, prev_context, prev_active;
};

static void destroy_object(const struct seh_record32 *rec)
{
    const THROW_INFO32 *ti = throw_info(rec);
    if (ti && ti->pmfnUnwind && rec->info[1])
        ((dtor_fn)ti->pmfnUnwind)(rec->info[1]);
}

/* Still caught by an enclosing catch block (a rethrow caught again)? */
static int object_still_caught(const struct catch_guard *from, uint32_t object)
{
    for (const struct catch_guard *g = from; g; g = (const struct catch_guard *)g->prev_active)
        if (((const struct seh_record32 *)g->rec)->info[1] == object)
            return 1;
    return 0;
}

static void end_catch(struct catch_guard *g, uint32_t in_flight)
{
    VCRT_THREAD_DATA32 *td = thread_data();
    td->curException = g->prev_exception;
    td->curContext = g->prev_context;
    td->activeCatch = g->prev_active;
    const struct seh_record32 *rec = (const struct seh_record32 *)g->rec;
    if (cxx_exception(rec) && rec->info[1] != in_flight &&
        !object_still_caught((const struct catch_guard *)g->prev_active, rec->info[1]))
        destroy_object(rec);
}

static uint32_t CDECL catch_guard_handler(struct seh_record32 *rec, struct catch_guard *g, void *ctx, void *dc)
{
    (void)ctx, (void)dc;
    if (rec->flags & EXCEPTION_UNWIND)
        end_catch(g, cxx_exception(rec) ? rec->info[1] : 0);
    return DISPOSITION_CONTINUE_SEARCH;
}

static uint32_t run_catch_block(struct seh_record32 *rec, void *ctx, uint32_t rn, const HANDLER_TYPE32 *ht)
{
    VCRT_THREAD_DATA32 *td = thread_data();
    struct catch_guard g = { TEB_GET(0), (uint32_t)catch_guard_handler, (uint32_t)rec, (uint32_t)ctx,
                             td->curException, td->curContext, td->activeCatch };
    td->curException = (uint32_t)rec;
    td->curContext = (uint32_t)ctx;
    td->activeCatch = (uint32_t)&g;
    if (cxx_exception(rec) && td->processingThrow > 0)
        td->processingThrow--;
    TEB_SET(0, (uint32_t)&g);
    uint32_t continuation = call_with_ebp(ht->addressOfHandler, CXX_FRAME_EBP(rn));
    TEB_SET(0, g.next);
    end_catch(&g, 0);
    return continuation;
}

/* Catches rec in frame rn with clause ht of try block tb: never returns. */
static __attribute__((noreturn)) void catch_it(struct seh_record32 *rec, void *ctx, uint32_t rn,
                                               const FUNC_INFO32 *fi, const TRY_BLOCK_MAP_ENTRY32 *tb,
                                               const HANDLER_TYPE32 *ht, const CATCHABLE_TYPE32 *ct)
{
    build_catch_object(rec, rn, ht, ct);
    wg_imp_kernel32_RtlUnwind((void *)rn, 0, rec, 0); /* the frames above run their unwinds */
    unwind_to_state(rn, fi, tb->tryLow);
    ((CXX_FRAME32 *)CXX_FRAME_FROM_REGISTRATION(rn))->state = tb->tryHigh + 1;
    uint32_t continuation = run_catch_block(rec, ctx, rn, ht);
    jump_into_frame(continuation, ((CXX_FRAME32 *)CXX_FRAME_FROM_REGISTRATION(rn))->savedEsp, CXX_FRAME_EBP(rn));
}

/* ------------------------------------------------------ SE translation */

/* EXCEPTION_POINTERS */
struct exception_pointers {
    uint32_t record, context;
};

typedef void(CDECL *translator_fn)(uint32_t code, struct exception_pointers *ep);

/* Registered around a call of the thread's SE translator for frame rn: the
 * C++ exception the translator throws comes here first and is matched
 * against rn's try blocks alone; caught, the catch runs as for any throw
 * (never returning here); not caught, the translator's frames are unwound,
 * its object destroyed, and the call returns "translated" through resume. */
struct translator_guard {
    uint32_t next, handler; /* EXCEPTION_REGISTRATION_RECORD */
    uint32_t rn;
    const FUNC_INFO32 *fi;
    void *resume[5]; /* __builtin_setjmp's buffer */
};

static void find_handler(struct seh_record32 *rec, void *ctx, uint32_t rn, const FUNC_INFO32 *fi, int cxx);

static uint32_t CDECL translator_guard_handler(struct seh_record32 *rec, struct translator_guard *g, void *ctx,
                                               void *dc)
{
    (void)dc;
    if ((rec->flags & EXCEPTION_UNWIND) || !cxx_exception(rec))
        return DISPOSITION_CONTINUE_SEARCH;
    find_handler(rec, ctx, g->rn, g->fi, 1);
    wg_imp_kernel32_RtlUnwind(g, 0, rec, 0); /* the translator's frames */
    VCRT_THREAD_DATA32 *td = thread_data();
    if (td->processingThrow > 0)
        td->processingThrow--;
    destroy_object(rec);
    __builtin_longjmp(g->resume, 1);
}

static int in_try_block(uint32_t rn, const FUNC_INFO32 *fi)
{
    int32_t state = ((CXX_FRAME32 *)CXX_FRAME_FROM_REGISTRATION(rn))->state;
    const TRY_BLOCK_MAP_ENTRY32 *tbs = (const TRY_BLOCK_MAP_ENTRY32 *)fi->pTryBlockMap;
    for (uint32_t i = 0; i < fi->nTryBlocks; i++)
        if (state >= tbs[i].tryLow && state <= tbs[i].tryHigh)
            return 1;
    return 0;
}

/* Calls the translator for an SEH exception reaching frame rn (once per
 * frame with a try block around the current state, as documented): 1 when
 * it threw a C++ exception this frame does not catch (the SEH exception
 * then goes on to the next frame), 0 when it returned (the SEH exception
 * stays what it is, for catch(...)). */
static __attribute__((noinline)) int translate(struct seh_record32 *rec, void *ctx, uint32_t rn,
                                               const FUNC_INFO32 *fi, uint32_t translator)
{
    struct translator_guard g = { TEB_GET(0), (uint32_t)translator_guard_handler, rn, fi, { 0 } };
    struct exception_pointers ep = { (uint32_t)rec, (uint32_t)ctx };
    if (__builtin_setjmp(g.resume)) {
        TEB_SET(0, g.next);
        return 1;
    }
    TEB_SET(0, (uint32_t)&g);
    ((translator_fn)translator)(rec->code, &ep);
    TEB_SET(0, g.next);
    return 0;
}

void *CDECL vcruntime140__set_se_translator(void *fn)
{
    VCRT_THREAD_DATA32 *td = thread_data();
    void *old = (void *)td->seTranslator;
    td->seTranslator = (uint32_t)fn;
    return old;
}

/* Is the exception ep describes a C++ exception of the type `type` (or of
 * a class derived from it)? */
int CDECL vcruntime140__is_exception_typeof(const TYPE_DESCRIPTOR32 *type, const struct exception_pointers *ep)
{
    if (!ep)
        wg_imp_vcruntime140___std_terminate();
    const struct seh_record32 *rec = (const struct seh_record32 *)ep->record;
    if (!cxx_exception(rec) || !throw_info(rec))
        return 0;
    const CATCHABLE_TYPE_ARRAY32 *cta = (const CATCHABLE_TYPE_ARRAY32 *)throw_info(rec)->pCatchableTypeArray;
    for (int32_t k = 0; k < cta->nCatchableTypes; k++) {
        const TYPE_DESCRIPTOR32 *have =
            (const TYPE_DESCRIPTOR32 *)((const CATCHABLE_TYPE32 *)cta->arrayOfCatchableTypes[k])->pType;
        if (have == type || streq(have->name, type->name))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ find */

/* The first catch clause of the try blocks around the current state that
 * takes this exception (catch(...) alone for a non-C++ exception). */
static void find_handler(struct seh_record32 *rec, void *ctx, uint32_t rn, const FUNC_INFO32 *fi, int cxx)
{
    int32_t state = ((CXX_FRAME32 *)CXX_FRAME_FROM_REGISTRATION(rn))->state;
    const TRY_BLOCK_MAP_ENTRY32 *tbs = (const TRY_BLOCK_MAP_ENTRY32 *)fi->pTryBlockMap;
    for (uint32_t i = 0; i < fi->nTryBlocks; i++) {
        const TRY_BLOCK_MAP_ENTRY32 *tb = &tbs[i];
        if (state < tb->tryLow || state > tb->tryHigh)
            continue;
        const HANDLER_TYPE32 *hts = (const HANDLER_TYPE32 *)tb->pHandlerArray;
        for (int32_t h = 0; h < tb->nCatches; h++) {
            const HANDLER_TYPE32 *ht = &hts[h];
            if (!cxx) {
                if (catches_all(ht))
                    catch_it(rec, ctx, rn, fi, tb, ht, 0);
                continue;
            }
            const THROW_INFO32 *ti = throw_info(rec);
            const CATCHABLE_TYPE_ARRAY32 *cta = (const CATCHABLE_TYPE_ARRAY32 *)ti->pCatchableTypeArray;
            for (int32_t k = 0; k < cta->nCatchableTypes; k++) {
                const CATCHABLE_TYPE32 *ct = (const CATCHABLE_TYPE32 *)cta->arrayOfCatchableTypes[k];
                if (type_matches(ht, ct, ti))
                    catch_it(rec, ctx, rn, fi, tb, ht, ct);
            }
        }
    }
}

/* __CxxFrameHandler3(rec, frame, ctx, dispatcher) with FuncInfo in eax */
uint32_t CDECL cxx_frame_handler(struct seh_record32 *rec, uint32_t rn, void *ctx, void *dc,
                                          const FUNC_INFO32 *fi)
{
    (void)dc;
    uint32_t magic = fi->magicNumber & CXX_MAGIC_MASK;
    if (magic < CXX_MAGIC_VC6 || magic > CXX_MAGIC_VC8)
        return DISPOSITION_CONTINUE_SEARCH; /* not a table this runtime knows */
    int32_t flags = magic >= CXX_MAGIC_VC8 ? fi->EHFlags : 0;
    if (rec->flags & EXCEPTION_UNWIND) {
        if (fi->maxState > 0)
            unwind_to_state(rn, fi, -1);
        return DISPOSITION_CONTINUE_SEARCH;
    }
    int cxx = cxx_exception(rec);
    uint32_t translator = cxx || (flags & FI_EHS_FLAG) ? 0 : thread_data()->seTranslator;
    if (translator && in_try_block(rn, fi) && translate(rec, ctx, rn, fi, translator))
        return DISPOSITION_CONTINUE_SEARCH;
    if (cxx || !(flags & FI_EHS_FLAG))
        find_handler(rec, ctx, rn, fi, cxx);
    if (cxx && (flags & FI_EHNOEXCEPT))
        wg_imp_vcruntime140___std_terminate(); /* an exception leaving a noexcept function */
    return DISPOSITION_CONTINUE_SEARCH;
}

/* The exported frame handlers: eax holds the FuncInfo, which becomes the
 * fifth argument of cxx_frame_handler. */
#define FRAME_HANDLER_ENTRY(name)                    \
    __asm__(".globl _vcruntime140_" #name "\n"       \
            "_vcruntime140_" #name ":\n\t"           \
            "pushl %eax\n\t"                         \
            "pushl 20(%esp)\n\t"                     \
            "pushl 20(%esp)\n\t"                     \
            "pushl 20(%esp)\n\t"                     \
            "pushl 20(%esp)\n\t"                     \
            "call _cxx_frame_handler\n\t"   \
            "addl $20, %esp\n\t"                     \
            "ret\n");
FRAME_HANDLER_ENTRY(__CxxFrameHandler)
FRAME_HANDLER_ENTRY(__CxxFrameHandler2)
FRAME_HANDLER_ENTRY(__CxxFrameHandler3)
