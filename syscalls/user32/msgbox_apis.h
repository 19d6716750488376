/* user32: message boxes, printed to stderr instead of a window. */
API(MessageBoxA, "p hWnd, s lpText, s lpCaption, x uType", "i fails:0")
API(MessageBoxW, "p hWnd, w lpText, w lpCaption, x uType", "i fails:0")
API(MessageBoxExA, "p hWnd, s lpText, s lpCaption, x uType, x wLanguageId", "i fails:0")
API(MessageBoxExW, "p hWnd, w lpText, w lpCaption, x uType, x wLanguageId", "i fails:0")
