/* msvcrt: the error-message table and the functions that read it
 * (msvcrt/errmsg.c). _sys_errlist holds 44 pointers and the texts after
 * them (errmsg.c checks that they fit). */
API(strerror, "i errnum", "p")
API(_strerror, "s strErrMsg", "p")
API(_wcserror, "i errnum", "p")
API(_wcserror_s, "p buffer out[sizeInWords*2], u sizeInWords, i errnum", "i")
DATA(_sys_errlist, 1024, msvcrt_init_sys_errlist)
DATA(_sys_nerr, 4, msvcrt_init_sys_nerr)
