/* ntdll: waits on a guest address (address_wait.c), the futex-like
 * primitive under kernel32's WaitOnAddress and the guest heap's lock. */
API(RtlWaitOnAddress, "p Address, p CompareAddress, u AddressSize, p Timeout in[8]", "x")
API(RtlWakeAddressAll, "p Address", "v")
API(RtlWakeAddressSingle, "p Address", "v")
