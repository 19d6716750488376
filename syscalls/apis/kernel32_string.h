/* kernel32: code pages and string conversion. */
API(MultiByteToWideChar, "u CodePage, x dwFlags, p lpMultiByteStr, i cbMultiByte, p lpWideCharStr, i cchWideChar", "i")
API(WideCharToMultiByte, "u CodePage, x dwFlags, p lpWideCharStr, i cchWideChar, p lpMultiByteStr, i cbMultiByte, p lpDefaultChar, p lpUsedDefaultChar", "i")
API(IsDBCSLeadByteEx, "u CodePage, x TestChar", "b")
API(IsDBCSLeadByte, "x TestChar", "b")
API(GetACP, "", "u")
API(GetOEMCP, "", "u")
