/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * util.h - small helper macros TA sources written for OP-TEE use (teekit
 * TA SDK): sizes, bits, rounding, min/max, container_of.
 */
#ifndef TEEKIT_TA_UTIL_H
#define TEEKIT_TA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <compiler.h>

#define SIZE_4K			0x1000
#define SIZE_1M			0x100000
#define SIZE_2M			0x200000

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define BIT32(n)		((uint32_t)1 << (n))
#define BIT64(n)		((uint64_t)1 << (n))
#define BIT(n)			BIT32(n)
#define GENMASK_32(h, l)	((~(uint32_t)0 << (l)) & (~(uint32_t)0 >> (31 - (h))))
#define GENMASK_64(h, l)	((~(uint64_t)0 << (l)) & (~(uint64_t)0 >> (63 - (h))))

#define IS_POWER_OF_TWO(x)	(((x) != 0) && (((x) & ((x) - 1)) == 0))
#define IS_ALIGNED(x, a)	(((x) & ((a) - 1)) == 0)
#define IS_ALIGNED_WITH_TYPE(x, t) IS_ALIGNED((uintptr_t)(x), __alignof__(t))

/* a must be a power of two for ROUNDUP/ROUNDDOWN */
#define ROUNDUP(v, a)		(((v) + (a) - 1) & ~((__typeof__(v))(a) - 1))
#define ROUNDDOWN(v, a)		((v) & ~((__typeof__(v))(a) - 1))
#define ROUNDUP_OVERFLOW(v, a, res) \
	(__builtin_add_overflow((v), (a) - 1, (res)) ? 1 : \
	 ((*(res) = ROUNDDOWN(*(res), (a))), 0))
#define DIV_ROUND_UP(x, y)	(((x) + (y) - 1) / (y))

#define MIN(a, b)		({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); \
				   _a < _b ? _a : _b; })
#define MAX(a, b)		({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); \
				   _a > _b ? _a : _b; })
#define MIN_UNSAFE(a, b)	((a) < (b) ? (a) : (b))
#define MAX_UNSAFE(a, b)	((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
	((type *)((uintptr_t)(ptr) - offsetof(type, member)))

#define SHIFT_U32(v, s)		((uint32_t)(v) << (s))
#define SHIFT_U64(v, s)		((uint64_t)(v) << (s))

#define TO_STR(x)		_TO_STR(x)
#define _TO_STR(x)		#x

#endif /* TEEKIT_TA_UTIL_H */
