/* The system message table: the English texts Windows' message table
 * (kernel32/KernelBase, en-US) holds for the common Win32 error codes,
 * data only. Codes outside it make FormatMessage fail with
 * ERROR_MR_MID_NOT_FOUND, as a code Windows has no text for does. */
#include "syscalls/kernel32/system_messages.h"

#include <stddef.h>

static const struct {
    uint32_t code;
    const char *text;
} messages[] = {
    { 0, "The operation completed successfully.\r\n" },
    { 1, "Incorrect function.\r\n" },
    { 2, "The system cannot find the file specified.\r\n" },
    { 3, "The system cannot find the path specified.\r\n" },
    { 4, "The system cannot open the file.\r\n" },
    { 5, "Access is denied.\r\n" },
    { 6, "The handle is invalid.\r\n" },
    { 7, "The storage control blocks were destroyed.\r\n" },
    { 8, "Not enough memory resources are available to process this command.\r\n" },
    { 9, "The storage control block address is invalid.\r\n" },
    { 10, "The environment is incorrect.\r\n" },
    { 11, "An attempt was made to load a program with an incorrect format.\r\n" },
    { 12, "The access code is invalid.\r\n" },
    { 13, "The data is invalid.\r\n" },
    { 14, "Not enough memory resources are available to complete this operation.\r\n" },
    { 15, "The system cannot find the drive specified.\r\n" },
    { 16, "The directory cannot be removed.\r\n" },
    { 17, "The system cannot move the file to a different disk drive.\r\n" },
    { 18, "There are no more files.\r\n" },
    { 19, "The media is write protected.\r\n" },
    { 20, "The system cannot find the device specified.\r\n" },
    { 21, "The device is not ready.\r\n" },
    { 23, "Data error (cyclic redundancy check).\r\n" },
    { 24, "The program issued a command but the command length is incorrect.\r\n" },
    { 25, "The drive cannot locate a specific area or track on the disk.\r\n" },
    { 29, "The system cannot write to the specified device.\r\n" },
    { 30, "The system cannot read from the specified device.\r\n" },
    { 31, "A device attached to the system is not functioning.\r\n" },
    { 32, "The process cannot access the file because it is being used by another process.\r\n" },
    { 33, "The process cannot access the file because another process has locked a portion of the file.\r\n" },
    { 38, "Reached the end of the file.\r\n" },
    { 39, "The disk is full.\r\n" },
    { 50, "The request is not supported.\r\n" },
    { 53, "The network path was not found.\r\n" },
    { 80, "The file exists.\r\n" },
    { 82, "The directory or file cannot be created.\r\n" },
    { 87, "The parameter is incorrect.\r\n" },
    { 109, "The pipe has been ended.\r\n" },
    { 111, "The file name is too long.\r\n" },
    { 112, "There is not enough space on the disk.\r\n" },
    { 120, "This function is not supported on this system.\r\n" },
    { 122, "The data area passed to a system call is too small.\r\n" },
    { 123, "The filename, directory name, or volume label syntax is incorrect.\r\n" },
    { 126, "The specified module could not be found.\r\n" },
    { 127, "The specified procedure could not be found.\r\n" },
    { 131, "An attempt was made to move the file pointer before the beginning of the file.\r\n" },
    { 145, "The directory is not empty.\r\n" },
    { 158, "The segment is already unlocked.\r\n" },
    { 160, "One or more arguments are not correct.\r\n" },
    { 161, "The specified path is invalid.\r\n" },
    { 170, "The requested resource is in use.\r\n" },
    { 183, "Cannot create a file when that file already exists.\r\n" },
    { 193, "%1 is not a valid Win32 application.\r\n" },
    { 203, "The system could not find the environment option that was entered.\r\n" },
    { 206, "The filename or extension is too long.\r\n" },
    { 232, "The pipe is being closed.\r\n" },
    { 234, "More data is available.\r\n" },
    { 258, "The wait operation timed out.\r\n" },
    { 259, "No more data is available.\r\n" },
    { 267, "The directory name is invalid.\r\n" },
    { 288, "Attempt to release mutex not owned by caller.\r\n" },
    { 298, "Too many posts were made to a semaphore.\r\n" },
    { 317, "The system cannot find message text for message number 0x%1 in the message file for %2.\r\n" },
    { 487, "Attempt to access invalid address.\r\n" },
    { 534, "Arithmetic result exceeded 32 bits.\r\n" },
    { 995, "The I/O operation has been aborted because of either a thread exit or an application request.\r\n" },
    { 996, "Overlapped I/O event is not in a signaled state.\r\n" },
    { 997, "Overlapped I/O operation is in progress.\r\n" },
    { 998, "Invalid access to memory location.\r\n" },
    { 1004, "Invalid flags.\r\n" },
    { 1113, "No mapping for the Unicode character exists in the target multi-byte code page.\r\n" },
    { 1114, "A dynamic link library (DLL) initialization routine failed.\r\n" },
    { 1168, "Element not found.\r\n" },
    { 1460, "This operation returned because the timeout period expired.\r\n" },
    { 1812, "The specified image file did not contain a resource section.\r\n" },
    { 1813, "The specified resource type cannot be found in the image file.\r\n" },
    { 1814, "The specified resource name cannot be found in the image file.\r\n" },
    { 10035, "A non-blocking socket operation could not be completed immediately.\r\n" },
    { 10038, "An operation was attempted on something that is not a socket.\r\n" },
    { 10048, "Only one usage of each socket address (protocol/network address/port) is normally permitted.\r\n" },
    { 10049, "The requested address is not valid in its context.\r\n" },
    { 10054, "An existing connection was forcibly closed by the remote host.\r\n" },
    { 10060, "A connection attempt failed because the connected party did not properly respond after a period "
             "of time, or established connection failed because connected host has failed to respond.\r\n" },
    { 10061, "No connection could be made because the target machine actively refused it.\r\n" },
    { 10093, "Either the application has not called WSAStartup, or WSAStartup failed.\r\n" },
};

const char *system_message(uint32_t code)
{
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (messages[i].code == code)
            return messages[i].text;
    return NULL;
}
