/* Win32 error codes (winerror.h values) and the NTSTATUS → Win32 mapping the
 * Win32 layer applies (RtlNtStatusToDosError). */
#ifndef WOWBOX_SYSCALLS_WIN32_ERRORS_H
#define WOWBOX_SYSCALLS_WIN32_ERRORS_H

#include <stdint.h>

#define ERROR_SUCCESS              0u
#define ERROR_INVALID_FUNCTION     1u
#define ERROR_FILE_NOT_FOUND       2u
#define ERROR_PATH_NOT_FOUND       3u
#define ERROR_TOO_MANY_OPEN_FILES  4u
#define ERROR_ACCESS_DENIED        5u
#define ERROR_INVALID_HANDLE       6u
#define ERROR_NOT_ENOUGH_MEMORY    8u
#define ERROR_INVALID_BLOCK        9u
#define ERROR_BAD_ENVIRONMENT      10u
#define ERROR_BAD_FORMAT           11u
#define ERROR_INVALID_ACCESS       12u
#define ERROR_INVALID_DATA         13u
#define ERROR_OUTOFMEMORY          14u
#define ERROR_INVALID_DRIVE        15u
#define ERROR_NO_MORE_FILES        18u
#define ERROR_WRITE_PROTECT        19u
#define ERROR_BAD_LENGTH           24u
#define ERROR_NOT_READY            21u
#define ERROR_SHARING_VIOLATION    32u
#define ERROR_HANDLE_EOF           38u
#define ERROR_NOT_SUPPORTED        50u
#define ERROR_FILE_EXISTS          80u
#define ERROR_INVALID_PARAMETER    87u
#define ERROR_BROKEN_PIPE          109u
#define ERROR_BUFFER_OVERFLOW      111u
#define ERROR_DISK_FULL            112u
#define ERROR_CALL_NOT_IMPLEMENTED 120u
#define ERROR_INSUFFICIENT_BUFFER  122u
#define ERROR_INVALID_LEVEL        124u
#define ERROR_INVALID_NAME         123u
#define ERROR_MOD_NOT_FOUND        126u
#define ERROR_PROC_NOT_FOUND       127u
#define ERROR_NEGATIVE_SEEK        131u
#define ERROR_DIR_NOT_EMPTY        145u
#define ERROR_BAD_ARGUMENTS        160u
#define ERROR_BAD_PATHNAME         161u
#define ERROR_ALREADY_EXISTS       183u
#define ERROR_BAD_EXE_FORMAT       193u
#define ERROR_ENVVAR_NOT_FOUND     203u
#define ERROR_FILENAME_EXCED_RANGE 206u
#define ERROR_NO_DATA              232u
#define ERROR_MORE_DATA            234u
#define ERROR_NO_MORE_ITEMS        259u
#define ERROR_INVALID_ADDRESS      487u
#define ERROR_ARITHMETIC_OVERFLOW  534u
#define ERROR_NOACCESS             998u
#define ERROR_DLL_INIT_FAILED      1114u
#define ERROR_IO_DEVICE            1117u
#define ERROR_NO_UNICODE_TRANSLATION 1113u
#define ERROR_NONE_MAPPED          1332u
#define ERROR_NO_SUCH_DOMAIN       1355u
#define ERROR_INVALID_FLAGS        1004u
#define ERROR_FILE_INVALID         1006u
#define ERROR_MAPPED_ALIGNMENT     1132u
#define ERROR_USER_MAPPED_FILE     1224u
#define ERROR_PRIVILEGE_NOT_HELD   1314u
#define ERROR_RESOURCE_NAME_NOT_FOUND 1814u

#define ERROR_CURRENT_DIRECTORY    16u
#define ERROR_NOT_SAME_DEVICE      17u
#define ERROR_SEEK                 25u
#define ERROR_LOCK_VIOLATION       33u
#define ERROR_CANNOT_MAKE          82u
#define ERROR_BUSY                 170u
#define ERROR_DIRECTORY            267u
#define ERROR_DISCARDED            157u
#define ERROR_NOT_LOCKED           158u
#define ERROR_DIR_NOT_ROOT         144u
#define ERROR_SIGNAL_REFUSED       156u
#define ERROR_NOT_OWNER            288u
#define ERROR_TOO_MANY_POSTS       298u
#define ERROR_GEN_FAILURE          31u
#define ERROR_TIMEOUT              1460u
/* registry */
#define ERROR_BADDB                  1009u
#define ERROR_KEY_DELETED            1018u
#define ERROR_REGISTRY_IO_FAILED     1016u
#define ERROR_CHILD_MUST_BE_VOLATILE 1021u
#define ERROR_NO_SYSTEM_RESOURCES    1450u
#define ERROR_BAD_NETPATH          53u
#define ERROR_IO_PENDING           997u

uint32_t ntstatus_to_win32(uint32_t status);

#endif
