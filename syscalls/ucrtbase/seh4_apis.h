/* ucrtbase: AbnormalTermination() for SEH4 frames, as guest code
 * (guest/seh4.c); vcruntime140's local unwind pushes the registration it
 * reads (guest/seh4_unwind.h). */
GUEST_C(__intrinsic_abnormal_termination, "", "i")
