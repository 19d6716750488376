/* msvcrt: running commands and programs (msvcrt/process.c). */
API(system, "s command", "i")
API(_wsystem, "w command", "i")
