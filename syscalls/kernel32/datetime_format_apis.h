/* kernel32: dates and times as the locale writes them
 * (syscalls/kernel32/datetime_format.c). */
API(GetDateFormatA, "u Locale, x dwFlags, p lpDate, s lpFormat, p lpDateStr, i cchDate", "i fails:0")
API(GetDateFormatW, "u Locale, x dwFlags, p lpDate, w lpFormat, p lpDateStr, i cchDate", "i fails:0")
API(GetDateFormatEx, "w lpLocaleName, x dwFlags, p lpDate, w lpFormat, p lpDateStr, i cchDate, w lpCalendar", "i fails:0")
API(GetTimeFormatA, "u Locale, x dwFlags, p lpTime, s lpFormat, p lpTimeStr, i cchTime", "i fails:0")
API(GetTimeFormatW, "u Locale, x dwFlags, p lpTime, w lpFormat, p lpTimeStr, i cchTime", "i fails:0")
API(GetTimeFormatEx, "w lpLocaleName, x dwFlags, p lpTime, w lpFormat, p lpTimeStr, i cchTime", "i fails:0")
