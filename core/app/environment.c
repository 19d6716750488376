/* Builds the guest's initial environment: the variables Windows defines for
 * a 32-bit process on a 64-bit system, pointing into the prefix. Host
 * variables are not passed through: their paths mean nothing to the guest. */
#include "core/app/environment.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/unicode.h"
#include "redirect/prefix.h"

/* Windows orders the block by name alone, compared in upper case (so
 * "ProgramFiles" precedes "ProgramFiles(x86)" and '_' sorts after letters). */
static int cmp_var(const void *a, const void *b)
{
    const unsigned char *x = *(const unsigned char *const *)a, *y = *(const unsigned char *const *)b;
    for (;; x++, y++) {
        int cx = *x == '=' ? 0 : toupper(*x), cy = *y == '=' ? 0 : toupper(*y);
        if (cx != cy || cx == 0)
            return cx - cy;
    }
}

uint16_t *environment_build(const struct prefix *p, size_t *units)
{
    const char *user = p && p->user ? p->user : "user";
    char home[256], appdata[300], local[300], temp[320];
    snprintf(home, sizeof home, "C:\\Users\\%s", user);
    snprintf(appdata, sizeof appdata, "%s\\AppData\\Roaming", home);
    snprintf(local, sizeof local, "%s\\AppData\\Local", home);
    snprintf(temp, sizeof temp, "%s\\Temp", local);
    char vars[32][400];
    int n = 0;
#define VAR(...) snprintf(vars[n++], sizeof vars[0], __VA_ARGS__)
    VAR("ALLUSERSPROFILE=C:\\ProgramData");
    VAR("APPDATA=%s", appdata);
    VAR("CommonProgramFiles=C:\\Program Files (x86)\\Common Files");
    VAR("CommonProgramFiles(x86)=C:\\Program Files (x86)\\Common Files");
    VAR("CommonProgramW6432=C:\\Program Files\\Common Files");
    VAR("COMPUTERNAME=WOWBOX");
    VAR("ComSpec=C:\\Windows\\system32\\cmd.exe");
    VAR("HOMEDRIVE=C:");
    VAR("HOMEPATH=\\Users\\%s", user);
    VAR("LOCALAPPDATA=%s", local);
    VAR("NUMBER_OF_PROCESSORS=2");
    VAR("OS=Windows_NT");
    VAR("Path=C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem");
    VAR("PATHEXT=.COM;.EXE;.BAT;.CMD;.VBS;.JS");
    VAR("PROCESSOR_ARCHITECTURE=x86");
    VAR("PROCESSOR_ARCHITEW6432=AMD64");
    VAR("PROCESSOR_IDENTIFIER=Intel64 Family 6 Model 85 Stepping 7, GenuineIntel");
    VAR("PROCESSOR_LEVEL=6");
    VAR("ProgramData=C:\\ProgramData");
    VAR("ProgramFiles=C:\\Program Files (x86)");
    VAR("ProgramFiles(x86)=C:\\Program Files (x86)");
    VAR("ProgramW6432=C:\\Program Files");
    VAR("PUBLIC=C:\\Users\\Public");
    VAR("SystemDrive=C:");
    VAR("SystemRoot=C:\\Windows");
    VAR("TEMP=%s", temp);
    VAR("TMP=%s", temp);
    VAR("USERDOMAIN=WOWBOX");
    VAR("USERNAME=%s", user);
    VAR("USERPROFILE=%s", home);
    VAR("windir=C:\\Windows");
#undef VAR
    char *sorted[32];
    for (int i = 0; i < n; i++)
        sorted[i] = vars[i];
    qsort(sorted, (size_t)n, sizeof sorted[0], cmp_var);
    uint16_t *block = NULL;
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        size_t len;
        uint16_t *w = utf8_to_utf16(sorted[i], &len);
        uint16_t *nb = w ? realloc(block, (used + len + 2) * 2) : NULL;
        if (!nb) {
            free(w);
            free(block);
            return NULL;
        }
        block = nb;
        memcpy(block + used, w, (len + 1) * 2);
        used += len + 1;
        free(w);
    }
    block[used++] = 0;
    *units = used;
    return block;
}
