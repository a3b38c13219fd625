/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compiler.h - attribute shorthands TA sources written for OP-TEE use
 * (teekit TA SDK). GCC and clang spellings.
 */
#ifndef TEEKIT_TA_COMPILER_H
#define TEEKIT_TA_COMPILER_H

#ifndef __unused
#define __unused		__attribute__((unused))
#endif
#ifndef __maybe_unused
#define __maybe_unused		__attribute__((unused))
#endif
#ifndef __used
#define __used			__attribute__((used))
#endif
#ifndef __weak
#define __weak			__attribute__((weak))
#endif
#ifndef __noreturn
#define __noreturn		__attribute__((noreturn))
#endif
#ifndef __packed
#define __packed		__attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x)		__attribute__((aligned(x)))
#endif
#ifndef __section
#define __section(x)		__attribute__((section(x)))
#endif
#ifndef __noinline
#define __noinline		__attribute__((noinline))
#endif
#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#ifndef __pure
#define __pure			__attribute__((pure))
#endif
#ifndef __must_check
#define __must_check		__attribute__((warn_unused_result))
#endif
#ifndef __printf
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#endif
#ifndef __deprecated
#define __deprecated		__attribute__((deprecated))
#endif
#define __nostackcheck		__attribute__((no_instrument_function))

#ifndef __likely
#define __likely(x)		__builtin_expect(!!(x), 1)
#define __unlikely(x)		__builtin_expect(!!(x), 0)
#endif

#define __compiler_offsetof(t, m)	__builtin_offsetof(t, m)

#define ADD_OVERFLOW(a, b, res)	__builtin_add_overflow((a), (b), (res))
#define SUB_OVERFLOW(a, b, res)	__builtin_sub_overflow((a), (b), (res))
#define MUL_OVERFLOW(a, b, res)	__builtin_mul_overflow((a), (b), (res))

#endif /* TEEKIT_TA_COMPILER_H */
