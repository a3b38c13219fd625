// SPDX-License-Identifier: BSD-2-Clause
/*
 * teec_result.c - results in words: the errno mapping of libteec, the
 * symbolic names of TEEC_Result codes and origins, and one sentence per
 * likely cause (teekit_teec.h).
 *
 * Kept free of any system call so that a host unit test can compile it
 * alone (tests/unit/teec-result.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tee_client_api.h"
#include "teec_private.h"
#include "teekit_teec.h"

#define ARRAY_LEN(x) (sizeof(x) / sizeof((x)[0]))

struct teec_errno_map {
	int err;
	TEEC_Result res;
};

/*
 * Every errno the driver (docs/abi.md) or open(2) of a device can give,
 * and the result a client sees for it. Anything else is GENERIC.
 */
static const struct teec_errno_map teec_errno_table[] = {
	{ ENOMEM,	TEEC_ERROR_OUT_OF_MEMORY },	/* kernel allocation */
	{ EMFILE,	TEEC_ERROR_OUT_OF_MEMORY },	/* per-context limit, fd limit */
	{ ENFILE,	TEEC_ERROR_OUT_OF_MEMORY },
	{ ENOSPC,	TEEC_ERROR_OUT_OF_MEMORY },	/* shared memory byte limit */
	{ EINVAL,	TEEC_ERROR_BAD_PARAMETERS },	/* request refused by the driver */
	{ EFAULT,	TEEC_ERROR_BAD_PARAMETERS },	/* memory not accessible */
	{ E2BIG,	TEEC_ERROR_BAD_PARAMETERS },
	{ EOVERFLOW,	TEEC_ERROR_BAD_PARAMETERS },
	{ EPERM,	TEEC_ERROR_ACCESS_DENIED },	/* GROUP login, not a member */
	{ EACCES,	TEEC_ERROR_ACCESS_DENIED },	/* device node permissions */
	{ ENOENT,	TEEC_ERROR_ITEM_NOT_FOUND },	/* no such device node */
	{ ENODEV,	TEEC_ERROR_ITEM_NOT_FOUND },	/* device removed */
	{ ENXIO,	TEEC_ERROR_ITEM_NOT_FOUND },
	{ EBUSY,	TEEC_ERROR_BUSY },
	{ EAGAIN,	TEEC_ERROR_BUSY },
	{ ENOTSUPP,	TEEC_ERROR_NOT_SUPPORTED },	/* no registration ops */
	{ EOPNOTSUPP,	TEEC_ERROR_NOT_SUPPORTED },
	{ ENOTTY,	TEEC_ERROR_NOT_SUPPORTED },	/* not a TEE device */
	{ EINTR,	TEEC_ERROR_CANCEL },		/* wait ended by a signal */
	{ ERESTARTSYS,	TEEC_ERROR_CANCEL },
	{ ECANCELED,	TEEC_ERROR_CANCEL },
	{ EIO,		TEEC_ERROR_COMMUNICATION },
	{ EPIPE,	TEEC_ERROR_COMMUNICATION },
	{ ETIMEDOUT,	TEEC_ERROR_COMMUNICATION },
	{ ECONNRESET,	TEEC_ERROR_COMMUNICATION },
	{ EBADF,	TEEC_ERROR_BAD_STATE },		/* context already finalized */
};

TEEC_Result teec_errno_result(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(teec_errno_table); i++)
		if (teec_errno_table[i].err == err)
			return teec_errno_table[i].res;
	return TEEC_ERROR_GENERIC;
}

struct teec_name {
	TEEC_Result res;
	const char *name;
};

#define TEEC_NAME(x) { x, #x }

static const struct teec_name teec_names[] = {
	TEEC_NAME(TEEC_SUCCESS),
	TEEC_NAME(TEE_ERROR_CORRUPT_OBJECT),
	TEEC_NAME(TEE_ERROR_CIPHERTEXT_INVALID),
	TEEC_NAME(TEEC_ERROR_STORAGE_NOT_AVAILABLE),
	TEEC_NAME(TEEC_ERROR_GENERIC),
	TEEC_NAME(TEEC_ERROR_ACCESS_DENIED),
	TEEC_NAME(TEEC_ERROR_CANCEL),
	TEEC_NAME(TEEC_ERROR_ACCESS_CONFLICT),
	TEEC_NAME(TEEC_ERROR_EXCESS_DATA),
	TEEC_NAME(TEEC_ERROR_BAD_FORMAT),
	TEEC_NAME(TEEC_ERROR_BAD_PARAMETERS),
	TEEC_NAME(TEEC_ERROR_BAD_STATE),
	TEEC_NAME(TEEC_ERROR_ITEM_NOT_FOUND),
	TEEC_NAME(TEEC_ERROR_NOT_IMPLEMENTED),
	TEEC_NAME(TEEC_ERROR_NOT_SUPPORTED),
	TEEC_NAME(TEEC_ERROR_NO_DATA),
	TEEC_NAME(TEEC_ERROR_OUT_OF_MEMORY),
	TEEC_NAME(TEEC_ERROR_BUSY),
	TEEC_NAME(TEEC_ERROR_COMMUNICATION),
	TEEC_NAME(TEEC_ERROR_SECURITY),
	TEEC_NAME(TEEC_ERROR_SHORT_BUFFER),
	TEEC_NAME(TEEC_ERROR_EXTERNAL_CANCEL),
	TEEC_NAME(TEE_ERROR_OVERFLOW),
	TEEC_NAME(TEEC_ERROR_TARGET_DEAD),
	TEEC_NAME(TEEC_ERROR_STORAGE_NO_SPACE),
	TEEC_NAME(TEE_ERROR_MAC_INVALID),
	TEEC_NAME(TEE_ERROR_SIGNATURE_INVALID),
	TEEC_NAME(TEE_ERROR_TIME_NOT_SET),
	TEEC_NAME(TEE_ERROR_TIME_NEEDS_RESET),
};

const char *teekit_teec_strerror(TEEC_Result res)
{
	static __thread char unknown[32];
	size_t i;

	for (i = 0; i < ARRAY_LEN(teec_names); i++)
		if (teec_names[i].res == res)
			return teec_names[i].name;
	snprintf(unknown, sizeof(unknown), "TEEC_RESULT_0x%08x", res);
	return unknown;
}

const char *teekit_teec_origin_name(uint32_t origin)
{
	switch (origin) {
	case TEEC_ORIGIN_API:
		return "TEEC_ORIGIN_API";
	case TEEC_ORIGIN_COMMS:
		return "TEEC_ORIGIN_COMMS";
	case TEEC_ORIGIN_TEE:
		return "TEEC_ORIGIN_TEE";
	case TEEC_ORIGIN_TRUSTED_APP:
		return "TEEC_ORIGIN_TRUSTED_APP";
	default:
		return "TEEC_ORIGIN_UNKNOWN";
	}
}

/*
 * The cause the library found for the last failed call of this thread
 * (teec_diag.c, decision 1701): explain() gives it for that result and
 * origin instead of the generic sentence.
 */
static __thread struct {
	bool set;
	TEEC_Result res;
	uint32_t origin;
	char text[640];
} teec_detail;

void teec_detail_clear(void)
{
	teec_detail.set = false;
}

void teec_detail_set(TEEC_Result res, uint32_t origin, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(teec_detail.text, sizeof(teec_detail.text), fmt, ap);
	va_end(ap);
	teec_detail.res = res;
	teec_detail.origin = origin;
	teec_detail.set = true;
}

/* The sentence for a result; @origin separates the library's, the driver's and the TEE's view. */
const char *teekit_teec_explain(TEEC_Result res, uint32_t origin)
{
	bool comms = origin == TEEC_ORIGIN_COMMS;
	bool api = origin == TEEC_ORIGIN_API;
	bool ta = origin == TEEC_ORIGIN_TRUSTED_APP;

	if (teec_detail.set && teec_detail.res == res &&
	    teec_detail.origin == origin)
		return teec_detail.text;

	switch (res) {
	case TEEC_SUCCESS:
		return "success";
	case TEEC_ERROR_ITEM_NOT_FOUND:
		if (comms || api)
			return "no /dev/tee* device to use (or it went away): load the driver "
			       "(modprobe teekit_sim), or point TEEC_DEVICE at an existing /dev/teeN";
		return "trusted application not found: check its UUID and install <uuid>.ta in "
		       "the TA directory tee-supplicant searches (/lib/optee_armtz, or its "
		       "--ta-path), then check that tee-supplicant runs";
	case TEEC_ERROR_ACCESS_DENIED:
		if (comms || api)
			return "permission denied: opening /dev/tee* needs membership of group "
			       "teeclnt (usermod -aG teeclnt $USER), and a GROUP login needs a "
			       "group the caller belongs to";
		return "the trusted application refused this client (login method or identity "
		       "not accepted)";
	case TEEC_ERROR_COMMUNICATION:
		if (comms)
			return "the call did not reach the secure world or its helper: on teekit's "
			       "sim TEE is teekit-tos running (teekit-tos --log "
			       "/var/log/teekit-tos.log, or teekit-up)? otherwise start "
			       "tee-supplicant (tee-supplicant --daemonize /dev/teepriv0), or the "
			       "device was removed";
		return "communication with the secure world failed: is tee-supplicant running "
		       "(tee-supplicant --daemonize /dev/teepriv0, or teekit-up)? The TEE's log "
		       "(teectl log) names the cause";
	case TEEC_ERROR_BAD_PARAMETERS:
		if (api)
			return "the library refused an argument: a NULL pointer, an unknown "
			       "parameter or login type, or a memref outside its shared memory or "
			       "against its TEEC_MEM_INPUT/OUTPUT flags";
		if (comms)
			return "the driver refused the request (EINVAL/EFAULT): unreadable memory, "
			       "shared memory of another context, or a login the driver lacks";
		if (ta)
			return "the trusted application refused the command's parameter types or "
			       "values";
		return "the TEE refused the parameters";
	case TEEC_ERROR_OUT_OF_MEMORY:
		if (comms)
			return "out of memory in the kernel, or over a per-context limit of the "
			       "driver (sessions, shared memory: /sys/module/teekit/parameters)";
		if (api)
			return "out of memory in the client";
		return "the secure world or the TA ran out of memory (TA heap size?)";
	case TEEC_ERROR_SHORT_BUFFER:
		return "an output buffer is too small: its memref size now holds the size needed; "
		       "retry with a buffer that large";
	case TEEC_ERROR_CANCEL:
		return "the operation was cancelled (TEEC_RequestCancellation, or a signal)";
	case TEEC_ERROR_TARGET_DEAD:
		return "the trusted application panicked or was killed: its sessions are gone, "
		       "close them and open new ones";
	case TEEC_ERROR_BUSY:
		return "busy: a single-instance TA is in use by another client, or the TEE has no "
		       "free thread; retry later";
	case TEEC_ERROR_NOT_SUPPORTED:
		return "not supported by this driver or TEE (e.g. dma-buf registration, or a "
		       "login method)";
	case TEEC_ERROR_NOT_IMPLEMENTED:
		return "not implemented by the trusted application or the TEE";
	case TEEC_ERROR_BAD_STATE:
		if (comms)
			return "the context is not open any more (finalized, or its fd was closed)";
		return "the trusted application is not in a state to accept this command";
	case TEEC_ERROR_SECURITY:
		return "a security check failed in the TEE (signature, rollback or policy)";
	case TEEC_ERROR_ACCESS_CONFLICT:
		return "access conflict: the object is in use";
	case TEEC_ERROR_EXCESS_DATA:
		return "too much data for the command";
	case TEEC_ERROR_BAD_FORMAT:
		return "the input data has the wrong format";
	case TEEC_ERROR_NO_DATA:
		return "no data available";
	case TEEC_ERROR_EXTERNAL_CANCEL:
		return "cancelled from outside the trusted application";
	case TEEC_ERROR_STORAGE_NO_SPACE:
		return "secure storage is full";
	case TEEC_ERROR_STORAGE_NOT_AVAILABLE:
		return "secure storage is not available: is tee-supplicant running with its "
		       "storage directory?";
	case TEEC_ERROR_GENERIC:
		if (comms)
			return "the driver failed with an unexpected error";
		return "unspecified failure (see the TA's or the TEE's log)";
	default:
		return "result code not defined by GlobalPlatform: see the trusted application's "
		       "documentation";
	}
}
