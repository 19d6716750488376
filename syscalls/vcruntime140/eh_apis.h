/* vcruntime140: C++ exceptions and SEH4 as guest code (guest/eh.c,
 * guest/seh4.c), and the per-thread exception state the host keeps
 * (syscalls/vcruntime140/state.c). */
GUEST_C(_CxxThrowException, "p pExceptionObject, p pThrowInfo", "v")
GUEST_C(__CxxFrameHandler, "p pExcept, p pRN, p pContext, p pDC", "i")
GUEST_C(__CxxFrameHandler2, "p pExcept, p pRN, p pContext, p pDC", "i")
GUEST_C(__CxxFrameHandler3, "p pExcept, p pRN, p pContext, p pDC", "i")
GUEST_C(_except_handler4_common, "p CookiePointer, p CookieCheckFunction, p ExceptionRecord, p EstablisherFrame, p ContextRecord, p DispatcherContext", "i")
GUEST_C(_local_unwind4, "p CookiePointer, p EstablisherFrame, u TryLevel", "v")
GUEST_C(__report_gsfailure, "", "v")
GUEST_C(_set_se_translator, "p seTransFunction", "p fails:never")
GUEST_C(_is_exception_typeof, "p type, p ExceptionPointers", "i fails:never")
API(__current_exception, "", "p")
API(__current_exception_context, "", "p")
API(__processing_throw, "", "p")
API(__uncaught_exception, "", "b")
API(__uncaught_exceptions, "", "i")
API(__std_terminate, "", "v")
