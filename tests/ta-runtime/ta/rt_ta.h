/* SPDX-License-Identifier: GPL-2.0-only */
/* Commands of the ta-runtime test TA (shared with tests/ta-runtime/rt.c). */
#ifndef TEEKIT_RT_TA_H
#define TEEKIT_RT_TA_H

#define RT_TA_UUID(n)	"7a000000-0000-4000-8000-0000000000" #n

/* property sets in v0.a; value types in v0.b */
enum rt_set { RT_SET_TEE, RT_SET_CLIENT, RT_SET_TA };
enum rt_type { RT_STRING, RT_BOOL, RT_U32, RT_U64, RT_UUID, RT_IDENTITY,
	       RT_BINARY };

enum rt_cmd {
	/*
	 * v0 IN a = set, b = type; m1 IN name; m2 OUT value (raw bytes of
	 * the C type, or the text/blob); returns the getter's result
	 */
	RT_CMD_GET_PROP = 0,
	/* v0 IN a = set; m1 OUT "name=value\n"... by the enumerator */
	RT_CMD_ENUM = 1,
	/* enumerator error cases; v0 OUT a = failing line (0: all good) */
	RT_CMD_ENUM_ERRORS = 2,
	RT_CMD_PANIC_BAD_ENUM = 3,	/* invalid enumerator handle: panic */
	RT_CMD_PANIC_NULL_VALUE = 4,	/* NULL value pointer: panic */
	/* v0 OUT system time s/ms, v1 OUT REE time s/ms */
	RT_CMD_TIMES = 5,
	RT_CMD_PTIME_GET = 6,		/* v0 OUT a = s, b = ms; result */
	RT_CMD_PTIME_SET = 7,		/* v0 IN a = s, b = ms; result */
	RT_CMD_LOG = 8,			/* v0 IN a = marker: IMSG/DMSG/FMSG */
	/* GP 1.1 getters (the 1.1 build): v0 OUT a = string length */
	RT_CMD_GP11 = 9,
	RT_CMD_WAIT = 10,		/* v0 IN a = ms: TEE_Wait unmasked */
	/*
	 * TA-to-TA, caller side (t2t.c); callee: the build with N = 03, or
	 * v0 IN b if not 0. v0 OUT a = failing line (0 ok)
	 */
	RT_CMD_T2T = 11,
	/* v0 IN a = callee's last UUID byte; OUT a = ret, b = origin */
	RT_CMD_T2T_OPEN = 12,
	/* callee panics: v0 OUT a/b = ret/origin, v1 OUT a/b = next invoke */
	RT_CMD_T2T_PANIC = 13,
	RT_CMD_T2T_HOLD = 14,		/* keep a session; v0 OUT a = count */
	RT_CMD_T2T_BAD_HANDLE = 15,	/* invoke a bogus handle: panic */
	/* callee side */
	RT_CMD_COUNT = 16,		/* v0 OUT a = open sessions */
	RT_CMD_IDENT = 17,		/* v0 OUT a = login; m1 OUT client UUID */
	/*
	 * v0 INOUT a += 1, b += 2; m1 IN data; m2 OUT m1 reversed (short:
	 * SHORT_BUFFER, size needed); m3 INOUT bytes + 1, size - 1
	 */
	RT_CMD_ECHO = 18,
	RT_CMD_PANIC = 19,		/* TEE_Panic(0x7a2) */
	/*
	 * GP 1.1 layout (gp11.c). v0 INOUT: out a = sizeof the memref size
	 * field, b = m1 size seen; m1 IN data; m2 OUT m1 reversed (short:
	 * SHORT_BUFFER, size needed); m3 INOUT bytes + 1, size - 1. Sizes
	 * are written back as whole params with junk padding.
	 */
	RT_CMD_GP11_PARAMS = 20,
	/* m0 OUT (any buffer); v1 OUT a/b = low/high 32 bits of its size */
	RT_CMD_GP11_SIZE = 21,
	/* m0 OUT: SHORT_BUFFER with size 5 GiB (a GP 1.3 callee) */
	RT_CMD_BIG_SIZE = 22,
	/*
	 * TA-to-TA sizes of 4 GiB and more; v0 OUT a = failing line. A GP
	 * 1.1 caller gets 0xffffffff from BIG_SIZE of build 03; a GP 1.3
	 * caller's 5 GiB size query to build 02 is refused.
	 */
	RT_CMD_T2T_BIG = 23,
	/* TEE_CheckMemoryAccessRights (mem.c): v0 OUT a = failing line */
	RT_CMD_MEM_SELF = 24,		/* stack, heap, data, .rodata, .text */
	/*
	 * v0 IN a/b = address low/high; v1 IN a = size, b = flags;
	 * v2 OUT a = the result
	 */
	RT_CMD_MEM_CHECK = 25,
	/* m0 IN, m1 OUT, m2 INOUT (client memory); v3 OUT a = failing line */
	RT_CMD_MEM_PARAMS = 26,
	/*
	 * TA-to-TA cancellation (t2t.c): the callee (03) TEE_Waits v0 IN b
	 * ms, with cancellationRequestTimeout v0 IN a; v1 IN a = 1: the
	 * caller unmasks its cancellation first. OUT: v0 a/b = result and
	 * origin, v1 a = the caller's cancellation flag afterwards, b = ms
	 * the nested invoke took
	 */
	RT_CMD_T2T_WAIT = 27,
};

#define RT_T2T_CALLEE	0x03

#ifdef TEE_INTERNAL_API_H
/* rt_ta.c and t2t.c */
TEE_Result rt_t2t(uint32_t cmd, uint32_t pt, TEE_Param p[4]);
TEE_Result rt_gp11(uint32_t cmd, uint32_t pt, TEE_Param p[4]);
TEE_Result rt_mem(uint32_t cmd, uint32_t pt, TEE_Param p[4]);
void rt_set_size(TEE_Param *p, size_t n);
extern uint32_t rt_sessions;
#endif

#endif
