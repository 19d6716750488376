#include "loader/inspect.h"
int inspect_file(const char *path, FILE *out) { (void)path; fprintf(out, "inspect: not yet\n"); return 2; }
