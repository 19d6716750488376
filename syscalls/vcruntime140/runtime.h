/* type_info::name's undecorated form, for vcruntime140's
 * __std_type_info_name (and the unit tests). */
#ifndef WOWBOX_SYSCALLS_VCRUNTIME140_RUNTIME_H
#define WOWBOX_SYSCALLS_VCRUNTIME140_RUNTIME_H

/* A decorated type name without its leading '.' (".H" -> "H") to what
 * type_info::name shows ("int", "class ns::Widget", "char const *"); a form
 * this does not know comes back as given. The caller frees the result. */
char *vcrt_undecorate_type(const char *decorated);

#endif
