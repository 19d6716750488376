/* msvcrt: SEH3, the __try/__except/__finally support of Visual C++ 6-2003
 * programs, as guest code (guest/seh3.c), and AbnormalTermination() in a
 * __finally block; vcruntime140 exports the same handler and unwinds and
 * shares this code. */
GUEST_C(_except_handler3, "p ExceptionRecord, p EstablisherFrame, p ContextRecord, p DispatcherContext", "i")
GUEST_C(_local_unwind2, "p EstablisherFrame, i TryLevel", "v")
GUEST_C(_global_unwind2, "p EstablisherFrame", "v")
GUEST_C(_abnormal_termination, "", "i")
