/* Unit tests for dbghelp's demangler (syscalls/dbghelp/undname.c): pairs
 * of Microsoft C++ decorated names and the declarations Microsoft's
 * undname writes for them, by the rules of the decoration scheme; the
 * UNDNAME_* flags; names it must refuse; every prefix of a name read
 * without running past its end. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "syscalls/dbghelp/undname.h"

struct pair { const char *decorated; unsigned flags; const char *text; };

static void expect(const struct pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char out[512];
        bool ok = undname(p[i].decorated, p[i].flags, out, sizeof out);
        if (!p[i].text) {
            if (ok)
                fail_msg("%s: read as \"%s\", expected a refusal", p[i].decorated, out);
            continue;
        }
        if (!ok)
            fail_msg("%s: refused, expected \"%s\"", p[i].decorated, p[i].text);
        if (strcmp(out, p[i].text) != 0)
            fail_msg("%s (flags %#x):\n  got      \"%s\"\n  expected \"%s\"", p[i].decorated, p[i].flags, out, p[i].text);
    }
}

#define EXPECT(...) do { static const struct pair p[] = { __VA_ARGS__ }; expect(p, sizeof p / sizeof p[0]); } while (0)

static void test_functions(void **state)
{
    (void)state;
    EXPECT({ "?func@@YAHH@Z", 0, "int __cdecl func(int)" },
           { "?f@@YGXXZ", 0, "void __stdcall f(void)" },
           { "?f@@YIXXZ", 0, "void __fastcall f(void)" },
           { "?f@N@M@@YAXPAD@Z", 0, "void __cdecl M::N::f(char *)" },
           { "?f@@YAXPBDABVC@@@Z", 0, "void __cdecl f(char const *,class C const &)" },
           { "?f@@YAXPAD0@Z", 0, "void __cdecl f(char *,char *)" },
           { "?f@@YAHHZZ", 0, "int __cdecl f(int,...)" },
           { "?f@@YAXZZ", 0, "void __cdecl f(...)" },
           { "?f@@YAX_J_N_W@Z", 0, "void __cdecl f(__int64,bool,wchar_t)" },
           { "?f@@YAXW4E@@@Z", 0, "void __cdecl f(enum E)" },
           { "?f@@YAXUS@@PAU1@@Z", 0, "void __cdecl f(struct S,struct S *)" },
           { "?f@@YAXTU@@@Z", 0, "void __cdecl f(union U)" },
           { "?f@@YAXQAD@Z", 0, "void __cdecl f(char * const)" },
           { "?f@@YAXPAPAD@Z", 0, "void __cdecl f(char * *)" },
           { "?f@@YAXCEFGIJKMNO@Z", 0,
             "void __cdecl f(signed char,unsigned char,short,unsigned short,unsigned int,long,unsigned long,float,double,long double)" },
           { "?f@@YAXP6AHH@Z@Z", 0, "void __cdecl f(int (__cdecl*)(int))" },
           { "?f@@YAXP6GXXZ@Z", 0, "void __cdecl f(void (__stdcall*)(void))" });
}

static void test_members(void **state)
{
    (void)state;
    EXPECT({ "?f@C@@QAEXXZ", 0, "public: void __thiscall C::f(void)" },
           { "?f@C@@AAEXXZ", 0, "private: void __thiscall C::f(void)" },
           { "?h@C@@IBEHXZ", 0, "protected: int __thiscall C::h(void)const " },
           { "?g@C@@SAHXZ", 0, "public: static int __cdecl C::g(void)" },
           { "?v@C@@UAEXXZ", 0, "public: virtual void __thiscall C::v(void)" },
           { "??0C@@QAE@XZ", 0, "public: __thiscall C::C(void)" },
           { "??1C@@UAE@XZ", 0, "public: virtual __thiscall C::~C(void)" },
           { "??4C@@QAEAAV0@ABV0@@Z", 0, "public: class C & __thiscall C::operator=(class C const &)" },
           { "??HC@@QAE?AV0@ABV0@@Z", 0, "public: class C __thiscall C::operator+(class C const &)" },
           { "??BC@@QAEHXZ", 0, "public: __thiscall C::operator int(void)" },
           { "?f@C@@QAEXV1@@Z", 0, "public: void __thiscall C::f(class C)" },
           { "?x@@3HA", 0, "int x" },
           { "?p@@3PAHA", 0, "int * p" },
           { "?k@@3HB", 0, "int const k" },
           { "?s@C@@2HA", 0, "public: static int C::s" },
           { "?s@C@@0HA", 0, "private: static int C::s" },
           { "??_7C@@6B@", 0, "const C::`vftable'" });
}

static void test_templates(void **state)
{
    (void)state;
    EXPECT({ "??$max@H@@YAHHH@Z", 0, "int __cdecl max<int>(int,int)" },
           { "?f@@YAXV?$vec@H@@@Z", 0, "void __cdecl f(class vec<int>)" },
           { "?f@@YAXV?$vec@V?$vec@H@@@@@Z", 0, "void __cdecl f(class vec<class vec<int> >)" },
           { "?f@@YAXV?$pair@HD@@@Z", 0, "void __cdecl f(class pair<int,char>)" },
           { "??$f@$0A@@@YAXXZ", 0, "void __cdecl f<0>(void)" },
           { "??$f@$00@@YAXXZ", 0, "void __cdecl f<1>(void)" },
           { "??$f@$0BA@@@YAXXZ", 0, "void __cdecl f<16>(void)" },
           { "??$f@$0?0@@YAXXZ", 0, "void __cdecl f<-1>(void)" },
           { "?f@?$vec@H@@QAEXXZ", 0, "public: void __thiscall vec<int>::f(void)" },
           { "??0?$vec@H@@QAE@XZ", 0, "public: __thiscall vec<int>::vec<int>(void)" },
           { "?f@@YAXV?$vec@H@@0@Z", 0, "void __cdecl f(class vec<int>,class vec<int>)" });
}

static void test_flags(void **state)
{
    (void)state;
    EXPECT({ "?f@C@@QAEXXZ", UNDNAME_NAME_ONLY, "C::f" },
           { "??$max@H@@YAHHH@Z", UNDNAME_NAME_ONLY, "max<int>" },
           { "??0C@@QAE@XZ", UNDNAME_NAME_ONLY, "C::C" },
           { "??1C@@UAE@XZ", UNDNAME_NAME_ONLY, "C::~C" },
           { "?x@@3HA", UNDNAME_NAME_ONLY, "x" },
           { "?s@C@@2HA", UNDNAME_NAME_ONLY, "C::s" },
           { "?f@C@@AAEXXZ", UNDNAME_NO_ACCESS_SPECIFIERS, "void __thiscall C::f(void)" },
           { "?f@@YAHH@Z", UNDNAME_NO_MS_KEYWORDS, "int f(int)" },
           { "?f@@YAHH@Z", UNDNAME_NO_LEADING_UNDERSCORES, "int cdecl f(int)" },
           { "?f@@YAHH@Z", UNDNAME_NO_FUNCTION_RETURNS, "__cdecl f(int)" },
           { "?f@@YAHH@Z", UNDNAME_NO_ARGUMENTS, "int __cdecl f" },
           { "?g@C@@SAHXZ", UNDNAME_NO_MEMBER_TYPE, "public: int __cdecl C::g(void)" },
           { "?h@C@@IBEHXZ", UNDNAME_NO_THISTYPE, "protected: int __thiscall C::h(void)" });
}

static void test_refused(void **state)
{
    (void)state;
    EXPECT({ "_foo", 0, "_foo" }, /* not decorated: as it is */
           { "foo@@YAXXZ", 0, "foo@@YAXXZ" },
           { "?", 0, NULL },
           { "?f@@YAHH", 0, NULL },       /* no end to the arguments */
           { "?f@@YAHH@Z@", 0, NULL },    /* something after the end */
           { "?f@@QQQ", 0, NULL },
           { "?f@@YAX9@Z", 0, NULL },     /* a back reference to nothing */
           { "?f@@YAXVC@Z", 0, NULL });
    /* every prefix of these names: refused or read, never past the end */
    static const char *const names[] = { "??$f@$0?0@@YAXXZ", "?f@@YAXV?$vec@V?$vec@H@@@@@Z",
                                         "??4C@@QAEAAV0@ABV0@@Z", "?f@@YAXP6AHH@Z@Z", "??_7C@@6B@" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (size_t n = 0; n < strlen(names[i]); n++) {
            char prefix[64], out[64];
            memcpy(prefix, names[i], n);
            prefix[n] = 0;
            undname(prefix, 0, out, sizeof out);
        }
}

static void test_cut(void **state)
{
    (void)state;
    char out[8];
    assert_true(undname("?func@@YAHH@Z", 0, out, sizeof out));
    assert_string_equal(out, "int __c");
    assert_false(undname("?func@@YAHH@Z", 0, out, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
