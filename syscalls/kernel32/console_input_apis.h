/* kernel32: the console's input records (console_input.c): key events from the terminal, and WriteConsoleInput's. */
API(ReadConsoleInputA, "h hConsoleInput, p lpBuffer, u nLength, p lpNumberOfEventsRead out u", "b")
API(ReadConsoleInputW, "h hConsoleInput, p lpBuffer, u nLength, p lpNumberOfEventsRead out u", "b")
API(PeekConsoleInputA, "h hConsoleInput, p lpBuffer, u nLength, p lpNumberOfEventsRead out u", "b")
API(PeekConsoleInputW, "h hConsoleInput, p lpBuffer, u nLength, p lpNumberOfEventsRead out u", "b")
API(GetNumberOfConsoleInputEvents, "h hConsoleInput, p lpNumberOfEvents out u", "b")
API(FlushConsoleInputBuffer, "h hConsoleInput", "b")
API(WriteConsoleInputA, "h hConsoleInput, p lpBuffer, u nLength, p lpNumberOfEventsWritten out u", "b")
API(WriteConsoleInputW, "h hConsoleInput, p lpBuffer, u nLength, p lpNumberOfEventsWritten out u", "b")
