/* kernel32: fs. One API(name, args, ret) line per implemented export. */
