/* msvcrt: misc. One API(name, args, ret) line per implemented export. */
