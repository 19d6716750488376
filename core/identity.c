/* Process ids, user and host names and random bytes as the guest sees
 * them (core/identity.h). */
#define _GNU_SOURCE
#include "core/identity.h"

#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdbool.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/clock.h"

static uint32_t chosen_pid;    /* set by the parent wowbox; 0: none */
static unsigned children_started;
static uint64_t rng_state = IDENTITY_FAKE_SEED;
static pthread_mutex_t rng_lock = PTHREAD_MUTEX_INITIALIZER;

static bool deterministic(void) { return clock_settings()->deterministic; }

/* A multiple of 4 below 65536, as Windows' ids are; 0 is the idle
 * process's. */
static uint32_t windows_pid(uint32_t v)
{
    v = v * 4u & 0xFFFFu;
    return v ? v : 0xFFFCu;
}

uint32_t identity_pid(void)
{
    if (chosen_pid)
        return chosen_pid;
    return deterministic() ? IDENTITY_FAKE_PID : windows_pid((uint32_t)getpid());
}

void identity_setup(uint32_t pid)
{
    chosen_pid = pid;
    children_started = 0;
    rng_state = IDENTITY_FAKE_SEED;
}

/* splitmix64: a fixed sequence from a seed, for ids and random bytes. */
static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint32_t identity_pid_of_host(int host_pid) { return windows_pid((uint32_t)host_pid); }

uint32_t identity_next_child_pid(void)
{
    if (!deterministic())
        return 0;
    /* the same children get the same ids: a hash of the parent's id and
     * the child's number, kept away from the first process's */
    uint64_t s = (uint64_t)identity_pid() << 32 | ++children_started;
    uint32_t v;
    do
        v = windows_pid((uint32_t)(splitmix64(&s) % 0x3FFF) + 1);
    while (v == IDENTITY_FAKE_PID || v == identity_pid());
    return v;
}

const char *identity_user_name(void)
{
    if (deterministic())
        return IDENTITY_FAKE_USER;
    struct passwd *pw = getpwuid(geteuid());
    return pw && pw->pw_name && *pw->pw_name ? pw->pw_name : NULL;
}

const char *identity_host_name(void)
{
    static char host[256];
    if (deterministic())
        return IDENTITY_FAKE_HOST;
    if (gethostname(host, sizeof host - 1) != 0)
        return "localhost";
    return host;
}

/* The host's entropy: getrandom, else /dev/urandom; false when neither
 * gives all n bytes. */
static bool host_random(unsigned char *p, size_t n)
{
    while (n) {
        ssize_t got = getrandom(p, n, 0);
        if (got <= 0)
            break;
        p += got;
        n -= (size_t)got;
    }
    if (!n)
        return true;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    while (fd >= 0 && n) {
        ssize_t got = read(fd, p, n);
        if (got <= 0)
            break;
        p += got;
        n -= (size_t)got;
    }
    if (fd >= 0)
        close(fd);
    return n == 0;
}

void identity_random(void *buf, size_t n)
{
    unsigned char *p = buf;
    if (!deterministic() && host_random(p, n))
        return;
    pthread_mutex_lock(&rng_lock);
    if (!deterministic()) /* no entropy from the host: at least not the fixed stream */
        rng_state ^= (uint64_t)clock_host_ns() ^ (uint64_t)getpid() << 32;
    while (n) {
        uint64_t v = splitmix64(&rng_state);
        size_t k = n < 8 ? n : 8;
        memcpy(p, &v, k);
        p += k;
        n -= k;
    }
    pthread_mutex_unlock(&rng_lock);
}
