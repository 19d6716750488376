API(getservbyname, "s name, s proto", "p")
API(getservbyport, "x port, s proto", "p")
API(getprotobyname, "s name", "p")
API(getprotobynumber, "i number", "p")
