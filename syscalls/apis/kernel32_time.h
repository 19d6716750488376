/* kernel32: time. One API(name, args, ret) line per implemented export. */
