/* kernel32 (standing in for kernelbase, api-ms-win-core-synch-l1-2-0):
 * Windows 8's waits on an address (address_wait.c), on ntdll's. */
API(WaitOnAddress, "p Address, p CompareAddress, u AddressSize, u dwMilliseconds", "b")
API(WakeByAddressAll, "p Address", "v")
API(WakeByAddressSingle, "p Address", "v")
