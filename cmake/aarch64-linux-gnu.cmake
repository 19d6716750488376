# Cross build for aarch64 Linux from an x86-64 Debian machine with multiarch
# (`./setup.sh build --arch=arm64`): Debian's cross gcc, the :arm64 library
# packages under /usr/lib/aarch64-linux-gnu, and qemu-user to run what it builds.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc)

# Libraries and headers of the target only; programs (python3, the mingw
# guest compiler, nasm) are the build machine's.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# ctest runs the aarch64 executables through qemu-user; binfmt_misc need not
# be registered. The dynamic loader is libc6:arm64's /lib/ld-linux-aarch64.so.1,
# the same build as the libc.so.6 the multiarch libraries bring: no
# `-L /usr/aarch64-linux-gnu`, whose older cross loader paired with that libc
# hangs in the first pthread_create.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
