/* kernel32: debugging and code-modification support. */
API(FlushInstructionCache, "h hProcess, p lpBaseAddress, u dwSize", "b")
