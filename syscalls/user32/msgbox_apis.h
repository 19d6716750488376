/* user32: message boxes, printed to stderr instead of a window. */
API(MessageBoxA, "p hWnd, s lpText, s lpCaption, x uType", "i")
API(MessageBoxW, "p hWnd, w lpText, w lpCaption, x uType", "i")
API(MessageBoxExA, "p hWnd, s lpText, s lpCaption, x uType, x wLanguageId", "i")
API(MessageBoxExW, "p hWnd, w lpText, w lpCaption, x uType, x wLanguageId", "i")
