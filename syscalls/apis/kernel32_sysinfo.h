/* kernel32: sysinfo. One API(name, args, ret) line per implemented export. */
