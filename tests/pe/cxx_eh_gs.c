/* cxx_eh_gs.c - proves a /GS cookie check failure in _except_handler4_common
 * ends the process through __report_gsfailure with STATUS_STACK_BUFFER_OVERRUN
 * (__fastfail, no handler runs): cxx_eh_tables.c with GS_FAILURE_TEST. */
#define GS_FAILURE_TEST 1
#pragma GCC diagnostic ignored "-Wunused-function" /* the other tests go unused here */
#include "cxx_eh_tables.c"
