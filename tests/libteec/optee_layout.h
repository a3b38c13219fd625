/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * optee_layout.h - the layout of every GP structure, as OP-TEE's client
 * headers have it on LP64 (x86_64, aarch64): a program including this after
 * tee_client_api.h does not compile unless teekit's header puts each member
 * where OP-TEE's does, for the generation it is built for
 * (TEEKIT_TEEC_ABI). The numbers were measured with offsetof() on OP-TEE
 * 3.19's tee_client_api.h (generation 1, libteec.so.1) and 4.5's
 * (generation 2, libteec.so.2, the layout 4.2 introduced), decision 1540.
 */
#ifndef TEEKIT_TESTS_OPTEE_LAYOUT_H
#define TEEKIT_TESTS_OPTEE_LAYOUT_H

#include <stddef.h>

#define TQ_AT(type, member, off, size)						\
	_Static_assert(offsetof(type, member) == (off) &&			\
		       sizeof(((type *)0)->member) == (size),			\
		       #type "." #member ": not where OP-TEE has it")
#define TQ_SIZE(type, size)							\
	_Static_assert(sizeof(type) == (size), "sizeof(" #type ") differs from OP-TEE's")

#if __SIZEOF_POINTER__ == 8 && __SIZEOF_LONG__ == 8

#if TEEKIT_TEEC_ABI == 1
#define TQ_I(m)	m
#else
#define TQ_I(m)	imp.m
#endif

TQ_SIZE(TEEC_UUID, 16);
TQ_AT(TEEC_UUID, timeLow, 0, 4);
TQ_AT(TEEC_UUID, timeMid, 4, 2);
TQ_AT(TEEC_UUID, timeHiAndVersion, 6, 2);
TQ_AT(TEEC_UUID, clockSeqAndNode, 8, 8);

TQ_SIZE(TEEC_Context, 8);
TQ_AT(TEEC_Context, TQ_I(fd), 0, 4);
TQ_AT(TEEC_Context, TQ_I(reg_mem), 4, 1);
TQ_AT(TEEC_Context, TQ_I(memref_null), 5, 1);

TQ_AT(TEEC_SharedMemory, buffer, 0, 8);
TQ_AT(TEEC_SharedMemory, size, 8, 8);
TQ_AT(TEEC_SharedMemory, flags, 16, 4);
#if TEEKIT_TEEC_ABI == 1
TQ_SIZE(TEEC_SharedMemory, 48);
TQ_AT(TEEC_SharedMemory, id, 20, 4);
TQ_AT(TEEC_SharedMemory, alloced_size, 24, 8);
TQ_AT(TEEC_SharedMemory, shadow_buffer, 32, 8);
TQ_AT(TEEC_SharedMemory, registered_fd, 40, 4);
TQ_AT(TEEC_SharedMemory, internal.flags, 44, 1);
#else
TQ_SIZE(TEEC_SharedMemory, 56);
TQ_AT(TEEC_SharedMemory, imp.id, 24, 4);
TQ_AT(TEEC_SharedMemory, imp.alloced_size, 32, 8);
TQ_AT(TEEC_SharedMemory, imp.shadow_buffer, 40, 8);
TQ_AT(TEEC_SharedMemory, imp.registered_fd, 48, 4);
TQ_AT(TEEC_SharedMemory, imp.flags, 52, 4);
#endif

TQ_SIZE(TEEC_TempMemoryReference, 16);
TQ_AT(TEEC_TempMemoryReference, buffer, 0, 8);
TQ_AT(TEEC_TempMemoryReference, size, 8, 8);
TQ_SIZE(TEEC_RegisteredMemoryReference, 24);
TQ_AT(TEEC_RegisteredMemoryReference, parent, 0, 8);
TQ_AT(TEEC_RegisteredMemoryReference, size, 8, 8);
TQ_AT(TEEC_RegisteredMemoryReference, offset, 16, 8);
TQ_SIZE(TEEC_Value, 8);
TQ_AT(TEEC_Value, a, 0, 4);
TQ_AT(TEEC_Value, b, 4, 4);
TQ_SIZE(TEEC_Parameter, 24);

TQ_SIZE(TEEC_Session, 16);
TQ_AT(TEEC_Session, TQ_I(ctx), 0, 8);
TQ_AT(TEEC_Session, TQ_I(session_id), 8, 4);

TQ_SIZE(TEEC_Operation, 112);
TQ_AT(TEEC_Operation, started, 0, 4);
TQ_AT(TEEC_Operation, paramTypes, 4, 4);
TQ_AT(TEEC_Operation, params, 8, 96);
TQ_AT(TEEC_Operation, TQ_I(session), 104, 8);

#undef TQ_I
#endif /* LP64 */

#endif
