/* name_hash.h — the slot hash of the proc.name mask tables.
 *
 * The generator (gen/plan_names.c) places every name of a table at LNR_NAME_HASH of its words;
 * the filters (rules/dispatch.h lnr_name_tab) probe from the same slot, so the one formula is
 * here, for the host compiler and clang -target bpf alike (a macro: no types, no includes).
 *
 * w0, w1: the name's first and second 8 bytes as little-endian words, zero past its length;
 * seed: odd, chosen per table; shift: 64 - log2(the table's slots). Multiply-shift: the top bits
 * of the product depend on every bit of its operand, and distinct (w0, w1) give distinct
 * operands mostly, which the generator's seed search turns into a probe bound.
 */
#ifndef LANNER_NAME_HASH_H
#define LANNER_NAME_HASH_H

#define LNR_NAME_MIX 0x9e3779b97f4a7c15ULL
/* The most probes a lookup makes: the generator places every name within this many slots of its
 * home, and the filter (rules/dispatch.h lnr_name_tab) writes that many probes out */
#define LNR_NAME_PROBES_MAX 4
#define LNR_NAME_HASH(w0, w1, seed, shift)                                                         \
	((unsigned)((((w0) ^ ((w1)*LNR_NAME_MIX)) * (seed)) >> (shift)))

#endif
