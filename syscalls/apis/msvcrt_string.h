/* msvcrt: string. One API(name, args, ret) line per implemented export. */
