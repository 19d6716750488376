// build-flags: -L. -lorder_c_delay
/* delay_load.c - a delay-loaded import (dlltool -y): order_c.dll is not
 * loaded at start; the first call goes through the program's own delay
 * helper, which loads it with LoadLibrary and binds with GetProcAddress. */
#include <stdio.h>
#include <windows.h>

int c_value(void);

int main(void)
{
    printf("order_c loaded before the first call: %s\n", GetModuleHandleA("order_c.dll") ? "yes" : "no");
    fflush(stdout);
    int v = c_value();
    printf("c_value() = %d, order_c loaded now: %s\n", v, GetModuleHandleA("order_c.dll") ? "yes" : "no");
    printf("second call: %d\n", c_value());
    fflush(stdout);
    return 0;
}
