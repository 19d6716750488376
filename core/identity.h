/* Who and where the guest runs, and its randomness: process ids, the user
 * and host names, and random bytes. Host values normally; fixed ones in a
 * --deterministic run (core/clock.h's settings), so two runs of a program
 * print the same ids and random numbers. The only place the layer reads
 * the host's pid, names or entropy for the guest. */
#ifndef WOWBOX_CORE_IDENTITY_H
#define WOWBOX_CORE_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic runs: the first process's id (its main thread is pid + 4),
 * the user name and the host name (the computer name is always WOWBOX). */
#define IDENTITY_FAKE_PID  0x1000u
#define IDENTITY_FAKE_USER "user"
#define IDENTITY_FAKE_HOST "wowbox"
/* The computer name, the same in every run (GetComputerName, the
 * COMPUTERNAME variable, the registry, the LAN Manager APIs). */
#define IDENTITY_COMPUTER_NAME "WOWBOX"
/* The seed of a deterministic run's random bytes. */
#define IDENTITY_FAKE_SEED 0x5EEDC0DE5EEDC0DEull

/* This process's guest id: its host pid's, the fixed one, or what the
 * parent wowbox chose (identity_set_pid). */
uint32_t identity_pid(void);
/* At the start of a run: the id the parent chose (0: none); the
 * deterministic generator and child numbering start over. */
void identity_setup(uint32_t pid);
/* The guest id a child this process starts gets, chosen before it
 * starts (passed as --guest-pid): deterministic runs only, from this
 * process's id and how many it started before; 0 otherwise. */
uint32_t identity_next_child_pid(void);
/* The guest id of a host process that chose none. */
uint32_t identity_pid_of_host(int host_pid);

/* The user name (the host login; NULL when unknown) and the host
 * name gethostname reports; both strings stay valid. */
const char *identity_user_name(void);
const char *identity_host_name(void);

/* Fills buf with random bytes: the host's entropy, or a fixed-seed
 * generator's stream in a deterministic run. */
void identity_random(void *buf, size_t n);

#endif
