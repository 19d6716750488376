/* Fuzz target: the .reg text parser (core/app/reg_expect.h) that NAME.reg
 * sidecars, `wowbox reg check` and `wowbox reg import` share. Input: the
 * file's text. A key the parser accepts must name the same NT path in its
 * long form (HKEY_LOCAL_MACHINE...) as written. */
#include <stdlib.h>
#include <string.h>

#include "core/app/reg_expect.h"
#include "tests/fuzz/fuzz_target.h"

static void check_key_forms(const char *key, const char *nt_key)
{
    char *long_form = reg_long_form(key);
    char *again = long_form ? reg_nt_path(long_form) : NULL;
    if (nt_key && (!again || strcmp(again, nt_key) != 0))
        abort(); /* the two spellings of one key disagree */
    free(again);
    free(long_form);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct reg_expect_list l;
    int bad_line = 0;
    char why[300];
    if (reg_expect_parse(text, &l, &bad_line, why, sizeof why)) {
        for (size_t i = 0; i < l.count; i++)
            if (l.items[i].key)
                check_key_forms(l.items[i].key, l.items[i].nt_key);
        reg_expect_free(&l);
    } else if (bad_line < 1 || !why[0]) {
        abort(); /* a refusal must say where and why */
    }
    free(text);
    return 0;
}
