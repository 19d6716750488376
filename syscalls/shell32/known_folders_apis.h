/* shell32: the special folders by KNOWNFOLDERID (syscalls/shell32/known_folders.c). */
API(SHGetKnownFolderPath, "p rfid, x dwFlags, h hToken, p ppszPath", "x")
