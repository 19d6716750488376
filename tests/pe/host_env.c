/* host_env.c - the host environment reaches the program as under Wine, so
 * a test driver can configure it (WBX_FROM_HOST=1 wowbox host_env.exe):
 * Windows' own variables win (Path), WOWBOX_* and LD_* stay out, and
 * --env NAME=value adds. Run by the suite with none of these set, and by
 * the host_environment test with them (tests/CMakeLists.txt). */
#include <stdio.h>
#include <stdlib.h>

static void show(const char *name)
{
    const char *v = getenv(name);
    printf("%s=%s\n", name, v ? v : "(unset)");
}

int main(void)
{
    show("WBX_FROM_HOST");
    show("WBX_ADDED");
    show("WOWBOX_WBX_TEST");
    show("LD_WBX_TEST");
    show("Path");
    return 0;
}
