/* comctl32: registering the common control classes (syscalls/comctl32/init.c). */
API(InitCommonControls, "", "v")
API(InitCommonControlsEx, "p picce", "b")
