/* msvcrt: threads and the CRT's internal locks. */
API(_beginthread, "p start_address, u stack_size, p arglist", "x fails:-1")
API(_beginthreadex, "p security, u stack_size, p start_address, p arglist, x initflag, p thrdaddr", "h fails:0")
API(_endthread, "", "v")
API(_endthreadex, "u retval", "v")
API(_lock, "i locknum", "v")
API(_unlock, "i locknum", "v")
