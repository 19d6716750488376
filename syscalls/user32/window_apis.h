/* user32: creating windows and dialogs, which fails for want of a display
 * (syscalls/user32/window.c). */
API(CreateWindowExA, "x dwExStyle, s lpClassName, s lpWindowName, x dwStyle, i X, i Y, i nWidth, i nHeight, h hWndParent, h hMenu, h hInstance, p lpParam", "h")
API(CreateWindowExW, "x dwExStyle, w lpClassName, w lpWindowName, x dwStyle, i X, i Y, i nWidth, i nHeight, h hWndParent, h hMenu, h hInstance, p lpParam", "h")
API(DialogBoxParamA, "h hInstance, s lpTemplateName, h hWndParent, p lpDialogFunc, i dwInitParam", "i fails:-1")
API(DialogBoxParamW, "h hInstance, w lpTemplateName, h hWndParent, p lpDialogFunc, i dwInitParam", "i fails:-1")
API(DialogBoxIndirectParamA, "h hInstance, p hDialogTemplate, h hWndParent, p lpDialogFunc, i dwInitParam", "i fails:-1")
API(DialogBoxIndirectParamW, "h hInstance, p hDialogTemplate, h hWndParent, p lpDialogFunc, i dwInitParam", "i fails:-1")
API(CreateDialogParamA, "h hInstance, s lpTemplateName, h hWndParent, p lpDialogFunc, i dwInitParam", "h")
API(CreateDialogParamW, "h hInstance, w lpTemplateName, h hWndParent, p lpDialogFunc, i dwInitParam", "h")
API(CreateDialogIndirectParamA, "h hInstance, p lpTemplate, h hWndParent, p lpDialogFunc, i dwInitParam", "h")
API(CreateDialogIndirectParamW, "h hInstance, p lpTemplate, h hWndParent, p lpDialogFunc, i dwInitParam", "h")
