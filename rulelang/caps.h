/* caps.h — Linux capability sets as Falco prints them (thread.cap_permitted, thread.cap_effective,
 * thread.cap_inheritable): the names of the set bits, lowest bit first, separated by one space;
 * the empty string for an empty set. Bits without a name (above CAP_CHECKPOINT_RESTORE) are left
 * out, as in libsinsp. */
#ifndef LANNER_CAPS_H
#define LANNER_CAPS_H

#include <stddef.h>
#include <stdint.h>

/* Writes the text of set into buf (NUL-terminated, cut to len - 1 bytes; buf may be NULL when
 * len is 0). Returns the length of the whole text, without the NUL. */
size_t caps_render(uint64_t set, char *buf, size_t len);

/* The name of capability bit `bit`; NULL for a bit without a name (never printed). */
const char *caps_name(unsigned bit);

#endif
