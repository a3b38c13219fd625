// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_ta.c - the TA of the secure-world tests (tests/secure-world/).
 * Built with teekit's SDK, one copy per instance-flag combination.
 */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <tee_internal_api.h>

#include "test_ta.h"

#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)

struct inst {
	uint32_t counter;
	uint32_t sessions;
};

static char secret[64] = "the test TA's secret";

#ifdef TEST_TA_UNDEFINED
/* a function no runtime defines: the load must fail and say which (issue 17) */
void TEE_TeekitNoSuchFunction(void);
#endif

TEE_Result TA_CreateEntryPoint(void)
{
	struct inst *in = TEE_Malloc(sizeof(*in), TEE_MALLOC_FILL_ZERO);

	if (!in)
		return TEE_ERROR_OUT_OF_MEMORY;
#ifdef TEST_TA_UNDEFINED
	TEE_TeekitNoSuchFunction();
#endif
	TEE_SetInstanceData(in);
	DMSG("instance created");
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	TEE_Free((void *)TEE_GetInstanceData());
}

static uint32_t now_ms(void)
{
	TEE_Time t;

	TEE_GetSystemTime(&t);
	return t.seconds * 1000 + t.millis;
}

/* the slow opens of the cancellation and client-death tests */
static TEE_Result slow_open(uint32_t mode, uint32_t ms)
{
	uint32_t t0 = now_ms();

	IMSG("slow open 0x%x %u ms", mode, ms);
	switch (mode) {
	case TA_OPEN_SPIN:
		while (now_ms() - t0 < ms)
			;
		return TEE_SUCCESS;
	case TA_OPEN_WAIT:
		TEE_UnmaskCancellation();
		return TEE_Wait(ms);
	case TA_OPEN_POLL:
		TEE_UnmaskCancellation();
		while (now_ms() - t0 < ms)
			if (TEE_GetCancellationFlag())
				return TEE_ERROR_CANCEL;
		return TEE_SUCCESS;
	}
	return TEE_ERROR_BAD_PARAMETERS;
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param params[4],
				    void **sess)
{
	struct inst *in = (struct inst *)TEE_GetInstanceData();
	TEE_Result res;

	if (pt == PT(VALUE_INPUT, NONE, NONE, NONE) && params[0].value.a == 0xdead)
		return TEE_ERROR_ACCESS_DENIED;
	if (pt == PT(VALUE_INPUT, NONE, NONE, NONE) &&
	    (params[0].value.a & ~0xfu) == 0x5100) {
		res = slow_open(params[0].value.a, params[0].value.b);
		if (res != TEE_SUCCESS)
			return res;
	}
	in->sessions++;
	*sess = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	struct inst *in = (struct inst *)TEE_GetInstanceData();

	(void)sess;
	in->sessions--;
}

static TEE_Result copy(uint32_t pt, TEE_Param p[4])
{
	if (pt != PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (p[1].memref.size < p[0].memref.size) {
		p[1].memref.size = p[0].memref.size;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(p[1].memref.buffer, p[0].memref.buffer, p[0].memref.size);
	p[1].memref.size = p[0].memref.size;
	return TEE_SUCCESS;
}

/* What the view shows past the memref, up to the end of its last page */
static TEE_Result tail(uint32_t pt, TEE_Param p[4])
{
	const volatile uint8_t *b = p[0].memref.buffer;
	uintptr_t end;
	uint32_t n = 0;

	if (TEE_PARAM_TYPE_GET(pt, 1) != TEE_PARAM_TYPE_VALUE_OUTPUT || !b)
		return TEE_ERROR_BAD_PARAMETERS;
	b += p[0].memref.size;
	end = ((uintptr_t)b + 4095) & ~(uintptr_t)4095;
	for (; (uintptr_t)b < end; b++)
		n += *b != 0;
	p[1].value.a = n;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt,
				      TEE_Param p[4])
{
	struct inst *in = (struct inst *)TEE_GetInstanceData();
	volatile char *bad = NULL;
	uintptr_t addr;
	void *m;

	(void)sess;
	switch (cmd) {
	case TA_CMD_ADD:
		if (pt != PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		p[1].value.a = p[0].value.a + p[0].value.b;
		return TEE_SUCCESS;
	case TA_CMD_COPY:
		return copy(pt, p);
	case TA_CMD_WRITE_INPUT:
		if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_MEMREF_INPUT)
			return TEE_ERROR_BAD_PARAMETERS;
		((volatile char *)p[0].memref.buffer)[0] = 'X';
		return TEE_SUCCESS;
	case TA_CMD_PANIC:
		TEE_Panic(p[0].value.a);
	case TA_CMD_CRASH:
		return *bad;
	case TA_CMD_WAIT:
		TEE_UnmaskCancellation();
		return TEE_Wait(p[0].value.a);
	case TA_CMD_OPEN_FILE:
		return open("/etc/passwd", O_RDONLY) < 0 ? TEE_ERROR_ACCESS_DENIED :
		       TEE_SUCCESS;
	case TA_CMD_SOCKET:
		return socket(AF_INET, SOCK_STREAM, 0) < 0 ?
		       TEE_ERROR_ACCESS_DENIED : TEE_SUCCESS;
	case TA_CMD_COUNTER:
		p[0].value.a = ++in->counter;
		p[0].value.b = getpid();
		return TEE_SUCCESS;
	case TA_CMD_PEEK:
		addr = (uintptr_t)p[0].value.a | (uintptr_t)p[0].value.b << 32;
		p[1].value.a = *(volatile unsigned char *)addr;
		/* the line above, for the crash backtrace test (teectl.sh) */
		p[1].value.b = __LINE__ - 2;
		return TEE_SUCCESS;
	case TA_CMD_SECRET:
		secret[0] = (char)p[0].value.a;
		addr = (uintptr_t)secret;
		p[0].value.a = (uint32_t)addr;
		p[0].value.b = (uint32_t)(addr >> 32);
		return TEE_SUCCESS;
	case TA_CMD_MALLOC:
		m = TEE_Malloc((size_t)p[0].value.a << 20, 0);
		if (!m)
			return TEE_ERROR_OUT_OF_MEMORY;
		TEE_Free(m);
		return TEE_SUCCESS;
	case TA_CMD_SPIN_CANCEL:
		TEE_UnmaskCancellation();
		while (!TEE_GetCancellationFlag())
			;
		return TEE_ERROR_CANCEL;
	case TA_CMD_LOG:
		EMSG("error line");
		IMSG("info line");
		DMSG("debug line");
		FMSG("flow line");
		return TEE_SUCCESS;
	case TA_CMD_FILL:
		if (pt != PT(MEMREF_INOUT, VALUE_INPUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_MemFill(p[0].memref.buffer, p[1].value.a, p[0].memref.size);
		return TEE_SUCCESS;
	case TA_CMD_TAIL:
		return tail(pt, p);
	case TA_CMD_SESSIONS:
		p[0].value.a = in->sessions;
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
