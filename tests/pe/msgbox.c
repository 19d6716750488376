/* msgbox.c - proves user32 MessageBoxA/MessageBoxW are reachable: with no
 * desktop they are logged to stderr as "[MessageBox] Title: Text" and return
 * IDOK (1) for MB_OK. */
#include <stdio.h>
#include <windows.h>

int main(void)
{
    int r;

    r = MessageBoxA(NULL, "Hello", "Title", MB_OK);
    printf("MessageBoxA returned %d\n", r);
    r = MessageBoxW(NULL, L"Wide text", L"Wide title", MB_OK | MB_ICONINFORMATION);
    printf("MessageBoxW returned %d\n", r);
    return r == IDOK ? 0 : 1;
}
