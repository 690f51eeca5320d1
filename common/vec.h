/* A growable array of any element type, as three fields in the owner's struct.
 *
 *   struct { struct rule *v; size_t n, cap; } rules = {0};
 *   VEC_PUSH(rules, r);          // appends a copy of r (memory from xalloc, never fails)
 *   VEC_FREE(rules);             // frees the storage (not what the elements own)
 *
 * Contract: `v` holds `n` elements and room for `cap`; zero-initialised is empty. */
#ifndef LNR_COMMON_VEC_H
#define LNR_COMMON_VEC_H

#include "xalloc.h"

#include <stdlib.h>

#define VEC_RESERVE(a, more)                                                                       \
	do {                                                                                       \
		if ((a).n + (more) > (a).cap) {                                                    \
			size_t vec_cap_ = (a).cap ? (a).cap : 8;                                   \
			while (vec_cap_ < (a).n + (more))                                          \
				vec_cap_ *= 2;                                                     \
			(a).v = xreallocarray((a).v, vec_cap_, sizeof(*(a).v));                    \
			(a).cap = vec_cap_;                                                        \
		}                                                                                  \
	} while (0)

#define VEC_PUSH(a, x)                                                                             \
	do {                                                                                       \
		VEC_RESERVE(a, 1);                                                                 \
		(a).v[(a).n++] = (x);                                                              \
	} while (0)

#define VEC_FREE(a)                                                                                \
	do {                                                                                       \
		free((a).v);                                                                       \
		(a).v = NULL;                                                                      \
		(a).n = (a).cap = 0;                                                               \
	} while (0)

/* Frees an array of n elements (any array, not only a vec) after passing each element to fn:
 * the usual end of a tree or list owner's free function. */
#define FREE_EACH(v, n, fn)                                                                        \
	do {                                                                                       \
		for (size_t free_each_i_ = 0; free_each_i_ < (n); free_each_i_++)                  \
			fn((v)[free_each_i_]);                                                     \
		free(v);                                                                           \
	} while (0)

/* The same for an array of structs that own memory: fn gets a pointer to each element. */
#define CLEAR_EACH(v, n, fn)                                                                       \
	do {                                                                                       \
		for (size_t clear_each_i_ = 0; clear_each_i_ < (n); clear_each_i_++)               \
			fn(&(v)[clear_each_i_]);                                                   \
		free(v);                                                                           \
	} while (0)

#endif
