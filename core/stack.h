/* Thread stacks as Windows grows them: a guard page below the committed
 * part; touching it commits it and moves the guard down, and the last
 * pages of the reservation raise STATUS_STACK_OVERFLOW instead. */
#ifndef WOWBOX_CORE_STACK_H
#define WOWBOX_CORE_STACK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vm.h"

struct guest_thread;

enum stack_guard { STACK_NOT_OURS, STACK_GROWN, STACK_OVERFLOW };

/* Reserves the stack, commits its top `commit` bytes and the guard below. */
bool stack_create(struct guest_thread *t, uint32_t reserve, uint32_t commit);
/* A guard-page hit at `addr` (its guard flag already dropped). */
enum stack_guard stack_guard_hit(struct guest_thread *t, gaddr addr);
/* Grows the stack so that [low, current limit) is committed; false when
 * that would take the last page of the reservation. */
bool stack_make_room(struct guest_thread *t, gaddr low);

#endif
