/* oleaut32: BSTRs, guest code (guest/bstr.c). */
GUEST_C(SysAllocString, "w psz", "p")
GUEST_C(SysAllocStringLen, "p strIn, u ui", "p")
GUEST_C(SysAllocStringByteLen, "p psz, u len", "p")
GUEST_C(SysFreeString, "p bstrString", "v")
GUEST_C(SysStringLen, "p bstr", "u fails:never")
GUEST_C(SysStringByteLen, "p bstr", "u fails:never")
GUEST_C(SysReAllocString, "p pbstr, w psz", "b")
GUEST_C(SysReAllocStringLen, "p pbstr, p psz, u len", "b")
