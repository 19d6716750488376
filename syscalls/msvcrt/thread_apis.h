/* msvcrt: threads and the CRT's internal locks. */
API(_beginthread, "p start_address, u stack_size, p arglist", "x")
API(_beginthreadex, "p security, u stack_size, p start_address, p arglist, x initflag, p thrdaddr", "h")
API(_endthread, "", "v")
API(_endthreadex, "u retval", "v")
API(_lock, "i locknum", "v")
API(_unlock, "i locknum", "v")
