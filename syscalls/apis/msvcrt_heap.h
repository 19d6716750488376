/* msvcrt: heap. One API(name, args, ret) line per implemented export. */
