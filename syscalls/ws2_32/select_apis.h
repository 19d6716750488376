API(select, "i nfds, p readfds, p writefds, p exceptfds, p timeout", "i")
API(__WSAFDIsSet, "x arg1, p arg2", "i fails:never")
API(WSAPoll, "p fdarray, u nfds, i timeout", "i")
