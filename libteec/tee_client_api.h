/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_client_api.h - the GlobalPlatform TEE Client API (v1.0), teekit's
 * implementation, for both generations of OP-TEE's client ABI.
 *
 * Names, values and the layout of every public structure follow the GP
 * specification and the layouts OP-TEE's libteec exposes, so that client
 * applications (CAs) written for OP-TEE compile unchanged, and binaries
 * built against OP-TEE's header run with teekit's library of the same
 * soname. The members marked "implementation-defined" have OP-TEE's sizes
 * and places; their meaning is teekit's (docs/libteec.md).
 *
 * TEEKIT_TEEC_ABI selects the generation (docs/libteec.md, decision 1540):
 *   2  libteec.so.2, OP-TEE 4.2 and later: the implementation-defined
 *      members are grouped in a member "imp" (TEEC_SharedMemory: 56 bytes)
 *   1  libteec.so.1, OP-TEE up to 4.1: the same members at top level
 *      (TEEC_SharedMemory: 48 bytes)
 * This header is installed as <tee_client_api.h> for generation 2 (teec.pc)
 * and as <teec1/tee_client_api.h> with generation 1 as its default
 * (teec1.pc); libteec/build.mk makes the second from this one.
 */
#ifndef TEE_CLIENT_API_H
#define TEE_CLIENT_API_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef TEEKIT_TEEC_ABI
#define TEEKIT_TEEC_ABI 2
#endif
#if TEEKIT_TEEC_ABI != 1 && TEEKIT_TEEC_ABI != 2
#error "TEEKIT_TEEC_ABI must be 1 (libteec.so.1, OP-TEE <= 4.1) or 2 (libteec.so.2, OP-TEE >= 4.2)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Number of parameters of an operation */
#define TEEC_CONFIG_PAYLOAD_REF_COUNT	4

/*
 * Largest shared memory block the API accepts. The real limit is the
 * driver's (docs/limits.md); as in OP-TEE the API itself sets none.
 */
#define TEEC_CONFIG_SHAREDMEM_MAX_SIZE	ULONG_MAX

/* Parameter types (TEEC_PARAM_TYPES) */
#define TEEC_NONE			0x00000000
#define TEEC_VALUE_INPUT		0x00000001
#define TEEC_VALUE_OUTPUT		0x00000002
#define TEEC_VALUE_INOUT		0x00000003
#define TEEC_MEMREF_TEMP_INPUT		0x00000005
#define TEEC_MEMREF_TEMP_OUTPUT		0x00000006
#define TEEC_MEMREF_TEMP_INOUT		0x00000007
#define TEEC_MEMREF_WHOLE		0x0000000C
#define TEEC_MEMREF_PARTIAL_INPUT	0x0000000D
#define TEEC_MEMREF_PARTIAL_OUTPUT	0x0000000E
#define TEEC_MEMREF_PARTIAL_INOUT	0x0000000F

/* TEEC_SharedMemory.flags */
#define TEEC_MEM_INPUT			0x00000001
#define TEEC_MEM_OUTPUT			0x00000002

/* Results (TEEC_Result) */
#define TEEC_SUCCESS				0x00000000
#define TEEC_ERROR_STORAGE_NOT_AVAILABLE	0xF0100003
#define TEEC_ERROR_GENERIC			0xFFFF0000
#define TEEC_ERROR_ACCESS_DENIED		0xFFFF0001
#define TEEC_ERROR_CANCEL			0xFFFF0002
#define TEEC_ERROR_ACCESS_CONFLICT		0xFFFF0003
#define TEEC_ERROR_EXCESS_DATA			0xFFFF0004
#define TEEC_ERROR_BAD_FORMAT			0xFFFF0005
#define TEEC_ERROR_BAD_PARAMETERS		0xFFFF0006
#define TEEC_ERROR_BAD_STATE			0xFFFF0007
#define TEEC_ERROR_ITEM_NOT_FOUND		0xFFFF0008
#define TEEC_ERROR_NOT_IMPLEMENTED		0xFFFF0009
#define TEEC_ERROR_NOT_SUPPORTED		0xFFFF000A
#define TEEC_ERROR_NO_DATA			0xFFFF000B
#define TEEC_ERROR_OUT_OF_MEMORY		0xFFFF000C
#define TEEC_ERROR_BUSY				0xFFFF000D
#define TEEC_ERROR_COMMUNICATION		0xFFFF000E
#define TEEC_ERROR_SECURITY			0xFFFF000F
#define TEEC_ERROR_SHORT_BUFFER			0xFFFF0010
#define TEEC_ERROR_EXTERNAL_CANCEL		0xFFFF0011
#define TEEC_ERROR_TARGET_DEAD			0xFFFF3024
#define TEEC_ERROR_STORAGE_NO_SPACE		0xFFFF3041

/* The same codes under their TEE Internal API names, as OP-TEE has them */
#define TEE_ERROR_EXTERNAL_CANCEL		0xFFFF0011
#define TEE_ERROR_OVERFLOW			0xFFFF300F
#define TEE_ERROR_TARGET_DEAD			0xFFFF3024
#define TEE_ERROR_STORAGE_NO_SPACE		0xFFFF3041
#define TEE_ERROR_CORRUPT_OBJECT		0xF0100001
#define TEE_ERROR_CIPHERTEXT_INVALID		0xF0100006
#define TEE_ERROR_MAC_INVALID			0xFFFF3071
#define TEE_ERROR_SIGNATURE_INVALID		0xFFFF3072
#define TEE_ERROR_TIME_NOT_SET			0xFFFF5000
#define TEE_ERROR_TIME_NEEDS_RESET		0xFFFF5001

/* Return origins: where a result comes from */
#define TEEC_ORIGIN_API			0x00000001
#define TEEC_ORIGIN_COMMS		0x00000002
#define TEEC_ORIGIN_TEE			0x00000003
#define TEEC_ORIGIN_TRUSTED_APP		0x00000004

/* Login methods (connectionMethod of TEEC_OpenSession) */
#define TEEC_LOGIN_PUBLIC		0x00000000
#define TEEC_LOGIN_USER			0x00000001
#define TEEC_LOGIN_GROUP		0x00000002
#define TEEC_LOGIN_APPLICATION		0x00000004
#define TEEC_LOGIN_USER_APPLICATION	0x00000005
#define TEEC_LOGIN_GROUP_APPLICATION	0x00000006

#define TEEC_PARAM_TYPES(p0, p1, p2, p3) \
	((p0) | ((p1) << 4) | ((p2) << 8) | ((p3) << 12))
#define TEEC_PARAM_TYPE_GET(p, i) (((p) >> ((i) * 4)) & 0xF)

typedef uint32_t TEEC_Result;

/*
 * A connection to a TEE device. Implementation-defined: fd of the open
 * /dev/teeN, whether the driver registers user memory (TEE_GEN_CAP_REG_MEM)
 * and accepts NULL memrefs (TEE_GEN_CAP_MEMREF_NULL).
 */
struct teec_context_imp {
	int fd;
	bool reg_mem;
	bool memref_null;
};

#if TEEKIT_TEEC_ABI == 1
typedef struct teec_context_imp TEEC_Context;
#else
typedef struct {
	struct teec_context_imp imp;
} TEEC_Context;
#endif

/* RFC 4122 UUID of a trusted application, fields in host order */
typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEEC_UUID;

/*
 * A block of memory shared with the TEE. buffer, size and flags are the
 * application's (GP); the rest is implementation-defined: the driver's shm
 * id, the size actually mapped, the bounce ("shadow") buffer when memory
 * could not be registered, the fd of a registration, and which kind of
 * block this is (generation 1: internal.flags, generation 2: imp.flags).
 */
#if TEEKIT_TEEC_ABI == 1
typedef struct {
	void *buffer;
	size_t size;
	uint32_t flags;
	int id;
	size_t alloced_size;
	void *shadow_buffer;
	int registered_fd;
	union {
		bool dummy;
		uint8_t flags;
	} internal;
} TEEC_SharedMemory;
#else
typedef struct {
	void *buffer;
	size_t size;
	uint32_t flags;
	struct {
		int id;
		size_t alloced_size;
		void *shadow_buffer;
		int registered_fd;
		uint32_t flags;
	} imp;
} TEEC_SharedMemory;
#endif

/* Memory shared for the duration of one operation (copied) */
typedef struct {
	void *buffer;
	size_t size;
} TEEC_TempMemoryReference;

/* All or part of a TEEC_SharedMemory */
typedef struct {
	TEEC_SharedMemory *parent;
	size_t size;
	size_t offset;
} TEEC_RegisteredMemoryReference;

typedef struct {
	uint32_t a;
	uint32_t b;
} TEEC_Value;

typedef union {
	TEEC_TempMemoryReference tmpref;
	TEEC_RegisteredMemoryReference memref;
	TEEC_Value value;
} TEEC_Parameter;

/* An open session. Implementation-defined: its context and driver id. */
struct teec_session_imp {
	TEEC_Context *ctx;
	uint32_t session_id;
};

#if TEEKIT_TEEC_ABI == 1
typedef struct teec_session_imp TEEC_Session;
#else
typedef struct {
	struct teec_session_imp imp;
} TEEC_Session;
#endif

/*
 * The parameters of one TEEC_OpenSession or TEEC_InvokeCommand.
 * started must be 0 before the call if the operation may be cancelled; the
 * library sets it to 1 when the operation starts. The last, pointer-sized
 * member is implementation-defined: teekit keeps the operation's
 * cancellation id in it (generation 1: imp_cancel_id, generation 2:
 * imp.cancel_id); OP-TEE's name for the slot, session (imp.session), is
 * kept as an alias so that sources naming it still compile.
 */
typedef struct {
	uint32_t started;
	uint32_t paramTypes;
	TEEC_Parameter params[TEEC_CONFIG_PAYLOAD_REF_COUNT];
#if TEEKIT_TEEC_ABI == 1
	union {
		TEEC_Session *session;
		uintptr_t imp_cancel_id;
	};
#else
	struct {
		union {
			TEEC_Session *session;
			uintptr_t cancel_id;
		};
	} imp;
#endif
} TEEC_Operation;

TEEC_Result TEEC_InitializeContext(const char *name, TEEC_Context *context);
void TEEC_FinalizeContext(TEEC_Context *context);

TEEC_Result TEEC_OpenSession(TEEC_Context *context, TEEC_Session *session,
			     const TEEC_UUID *destination,
			     uint32_t connectionMethod,
			     const void *connectionData,
			     TEEC_Operation *operation,
			     uint32_t *returnOrigin);
void TEEC_CloseSession(TEEC_Session *session);

TEEC_Result TEEC_InvokeCommand(TEEC_Session *session, uint32_t commandID,
			       TEEC_Operation *operation,
			       uint32_t *returnOrigin);

TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context *context,
				      TEEC_SharedMemory *sharedMem);
TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context *context,
				      TEEC_SharedMemory *sharedMem);
void TEEC_ReleaseSharedMemory(TEEC_SharedMemory *sharedMemory);

void TEEC_RequestCancellation(TEEC_Operation *operation);

#ifdef __cplusplus
}
#endif

#endif /* TEE_CLIENT_API_H */
