/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_shlib.h - the shared TA library tests (tests/secure-world/shlib.c):
 * UUIDs of the libraries and TAs (secure-world/tests/build.mk) and the
 * commands of shlib_ta.c.
 */
#ifndef TEEKIT_TEST_SHLIB_H
#define TEEKIT_TEST_SHLIB_H

#define SHLIB_UUID(n)	"5ec0e000-0000-4000-8000-000000000" #n

/* libraries */
#define LIB_B		SHLIB_UUID(501)	/* good: shlib_b() */
#define LIB_A		SHLIB_UUID(502)	/* good, needs B: shlib_a() */
#define LIB_DL		SHLIB_UUID(503)	/* good, for dlopen: shlib_square() */
#define LIB_MISSING	SHLIB_UUID(504)	/* not installed */
#define LIB_UNSIGNED	SHLIB_UUID(505)
#define LIB_UNTRUSTED	SHLIB_UUID(506)	/* signed by the untrusted key */
#define LIB_TAMPERED	SHLIB_UUID(507)
#define LIB_WRONG_UUID	SHLIB_UUID(508)	/* 508.ta is signed for 509 */
#define LIB_IS_TA	SHLIB_UUID(50a)	/* 50a.ta is a TA */
#define LIB_CYCLE1	SHLIB_UUID(50b)	/* needs 50c, which needs 50b */
#define LIB_CYCLE2	SHLIB_UUID(50c)
#define LIB_CRASH	SHLIB_UUID(50d)	/* its constructor crashes */
#define LIB_SLOW	SHLIB_UUID(50e)	/* its constructor sleeps 3 s */

/* TAs: 510 links A (and so B) and may dlopen; 519 only dlopens */
#define TA_LINKED		SHLIB_UUID(510)
#define TA_NEEDS_MISSING	SHLIB_UUID(511)
#define TA_NEEDS_UNSIGNED	SHLIB_UUID(512)
#define TA_NEEDS_UNTRUSTED	SHLIB_UUID(513)
#define TA_NEEDS_TAMPERED	SHLIB_UUID(514)
#define TA_NEEDS_WRONG_UUID	SHLIB_UUID(515)
#define TA_NEEDS_TA		SHLIB_UUID(516)
#define TA_NEEDS_CYCLE		SHLIB_UUID(517)
#define TA_NEEDS_CRASH		SHLIB_UUID(518)
#define TA_DLOPEN		SHLIB_UUID(519)
#define TA_NEEDS_SLOW		SHLIB_UUID(51a)

/* commands */
#define SHLIB_CMD_LINKED	0	/* v0.a in -> v1.a = shlib_a(v0.a) */
/* m0 "uuid\0symbol", v1.a x, v1.b flags -> v1.a = symbol(x) */
#define SHLIB_CMD_DLOPEN	1
#define SHLIB_CMD_PHDRS		2	/* v0.a out: objects dl_iterate_phdr saw */
/* v0.a out: 1 if dlopen(NULL) finds TA_InvokeCommandEntryPoint */
#define SHLIB_CMD_DLSYM_SELF	3

#define SHLIB_DL_FLAGS		(0x2 | 0x100 | 0x1000)

/* what the libraries define */
int shlib_a(int x);
int shlib_b(int x);
int shlib_square(int x);
int shlib_ctor(void);
int shlib_cycle(void);

#endif /* TEEKIT_TEST_SHLIB_H */
