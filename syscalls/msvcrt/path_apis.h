/* msvcrt (and ucrtbase, which shares it): splitting and joining path
 * names, guest code (guest/path.c): pure string work on guest memory. */
GUEST_C(_splitpath, "s path, p drive, p dir, p fname, p ext", "v")
GUEST_C(_wsplitpath, "w path, p drive, p dir, p fname, p ext", "v")
GUEST_C(_makepath, "p path, s drive, s dir, s fname, s ext", "v")
GUEST_C(_wmakepath, "p path, w drive, w dir, w fname, w ext", "v")
