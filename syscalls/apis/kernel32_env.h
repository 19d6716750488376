/* kernel32: env. One API(name, args, ret) line per implemented export. */
