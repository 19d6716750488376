/* gdi32 exports implemented by wowbox: none yet. Every export exists and an
 * unimplemented one fails as its return type says (a NULL object, FALSE,
 * GDI_ERROR), so a program that only loads gdi32 or queries it runs on and
 * drawing fails cleanly (docs/apis.md). */
