// SPDX-License-Identifier: GPL-2.0-only
/*
 * secure-world views: the TA host's mappings of client shared memory
 * (decision 0201) over many calls. Views of freed objects must go (input
 * and output ones alike), a reused shm id must never show an old object,
 * and thousands of 1 MiB temporary memrefs must not exhaust the instance's
 * address space (the `make bench` failure of issue 8).
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/wait.h>
#include <tee_client_api.h>

#include "harness.h"
#include "tee_stack.h"
#include "test_ta.h"

#define TOS		"/usr/sbin/teekit-tos"
#define TOS_LOG		"/tmp/teekit-tos.log"
#define PLAIN		TEST_TA_UUID(01)
#define MIB		(1024 * 1024)

FIXTURE(views) {
	pid_t tos;
	TEEC_Context ctx;
	TEEC_Session s;
	pid_t ta;		/* the session's instance process */
};

FIXTURE_SETUP(views)
{
	TEEC_Operation op;
	TEEC_UUID u;
	uint32_t o;
	pid_t pid;

	unlink(TOS_LOG);
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		execl(TOS, TOS, "--foreground", "--ta-dir", "/lib/optee_armtz",
		      "--log", TOS_LOG, (char *)NULL);
		_exit(127);
	}
	self->tos = pid;
	ASSERT_EQ(0, tt_wait_emulator());
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InitializeContext(NULL, &self->ctx));
	tt_teec_uuid(PLAIN, &u);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_OpenSession(&self->ctx, &self->s, &u,
						 TEEC_LOGIN_PUBLIC, NULL, NULL, &o));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TA_CMD_COUNTER, &op, &o));
	self->ta = op.params[0].value.b;
	ASSERT_LT(1, self->ta);
}

FIXTURE_TEARDOWN(views)
{
	TEEC_CloseSession(&self->s);
	TEEC_FinalizeContext(&self->ctx);
	tt_stop_daemon(self->tos);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

/* Mappings of the conduit in @pid (the status page and the views); -1 if unknown */
static int sim_maps(pid_t pid)
{
	char path[64], line[512];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "/dev/teekit_sim"))
			n++;
	fclose(f);
	return n;
}

/* Waits up to 2 s for at most @max conduit mappings in @pid; the last count */
static int sim_maps_settle(pid_t pid, int max)
{
	int i, n = -1;

	for (i = 0; i < 100; i++) {
		n = sim_maps(pid);
		if (n >= 0 && n <= max)
			break;
		usleep(20000);
	}
	return n;
}

/* TA_CMD_COPY of parameter 0 of @op into all of @out, as an output */
static TEEC_Result copy_into(TEEC_Session *s, TEEC_Operation *op,
			     TEEC_SharedMemory *out)
{
	uint32_t o;

	op->paramTypes = TEEC_PARAM_TYPES(TEEC_PARAM_TYPE_GET(op->paramTypes, 0),
					  TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE,
					  TEEC_NONE);
	op->params[1].memref.parent = out;
	op->params[1].memref.offset = 0;
	op->params[1].memref.size = out->size;
	return TEEC_InvokeCommand(s, TA_CMD_COPY, op, &o);
}

/*
 * Input-only blocks get the read-only view; once released, the instance
 * must unmap it. Before the fix the TA host compared the notice's RW
 * cookie with the RO one it had mapped, so input views piled up.
 */
TEST_F(views, input_views_unmapped_when_freed)
{
	TEEC_SharedMemory out = { .size = 8192, .flags = TEEC_MEM_OUTPUT };
	TEEC_SharedMemory in;
	TEEC_Operation op;
	int i, base;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &out));
	base = sim_maps(self->ta);
	ASSERT_LE(1, base);
	for (i = 0; i < 200; i++) {
		in = (TEEC_SharedMemory){ .size = 8192, .flags = TEEC_MEM_INPUT };
		ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &in));
		memset(in.buffer, i + 1, in.size);
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, 0, 0, 0);
		op.params[0].memref.parent = &in;
		ASSERT_EQ(TEEC_SUCCESS, copy_into(&self->s, &op, &out));
		ASSERT_EQ((char)(i + 1), ((char *)out.buffer)[8191]);
		TEEC_ReleaseSharedMemory(&in);
	}
	/* the status page, the output block's view, at most one input view */
	EXPECT_GE(base + 2, sim_maps_settle(self->ta, base + 2));
	TEEC_ReleaseSharedMemory(&out);
	EXPECT_GE(base, sim_maps_settle(self->ta, base));
}

/* The same for output views (the RW cookie), and for mixed use of one block */
TEST_F(views, output_and_mixed_views_unmapped_when_freed)
{
	TEEC_SharedMemory in = { .size = 4096, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory out;
	TEEC_Operation op;
	int i, base;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &in));
	memset(in.buffer, 'q', in.size);
	base = sim_maps(self->ta);
	ASSERT_LE(1, base);
	for (i = 0; i < 100; i++) {
		out = (TEEC_SharedMemory){ .size = 4096,
					   .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
		ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &out));
		/* as input first (RO view), then as output (RW view) */
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT, 0, 0, 0);
		op.params[0].memref.parent = &out;
		op.params[0].memref.size = 16;
		ASSERT_EQ(TEEC_SUCCESS, copy_into(&self->s, &op, &out));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, 0, 0, 0);
		op.params[0].memref.parent = &in;
		ASSERT_EQ(TEEC_SUCCESS, copy_into(&self->s, &op, &out));
		ASSERT_EQ('q', ((char *)out.buffer)[4095]);
		TEEC_ReleaseSharedMemory(&out);
	}
	EXPECT_GE(base + 3, sim_maps_settle(self->ta, base + 3));
	TEEC_ReleaseSharedMemory(&in);
}

/*
 * The core reuses shm ids of freed objects: a new object under an old id
 * must reach the TA with its own contents, never through the old view.
 */
TEST_F(views, reused_shm_id_never_shows_old_object)
{
	TEEC_SharedMemory out = { .size = 4096, .flags = TEEC_MEM_OUTPUT };
	TEEC_SharedMemory in;
	TEEC_Operation op;
	int i, last = -1, reused = 0;

	ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &out));
	for (i = 0; i < 50; i++) {
		in = (TEEC_SharedMemory){ .size = 4096, .flags = TEEC_MEM_INPUT };
		ASSERT_EQ(TEEC_SUCCESS, TEEC_AllocateSharedMemory(&self->ctx, &in));
		reused += in.imp.id == last;
		last = in.imp.id;
		memset(in.buffer, 'A' + i % 26, in.size);
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, 0, 0, 0);
		op.params[0].memref.parent = &in;
		ASSERT_EQ(TEEC_SUCCESS, copy_into(&self->s, &op, &out));
		ASSERT_EQ('A' + i % 26, ((char *)out.buffer)[0]);
		ASSERT_EQ('A' + i % 26, ((char *)out.buffer)[4095]);
		TEEC_ReleaseSharedMemory(&in);
	}
	/* the test means something only if ids were in fact reused */
	EXPECT_LT(10, reused);
	TEEC_ReleaseSharedMemory(&out);
}

/* TA_CMD_TAIL on a temporary input memref of @n bytes of @fill */
static uint32_t tail_after(TEEC_Session *s, size_t n, int fill)
{
	unsigned char buf[4096];
	TEEC_Operation op;
	uint32_t o;

	memset(buf, fill, sizeof(buf));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = n;
	if (TEEC_InvokeCommand(s, TA_CMD_TAIL, &op, &o) != TEEC_SUCCESS)
		return 0xffffffff;
	return op.params[1].value.a;
}

/*
 * libteec reuses the objects of temporary memrefs (decision 0702): what
 * the TA's view shows past a memref must be zeros, as in a fresh object,
 * never an earlier call's input or what the TA wrote into an output.
 */
TEST_F(views, temporary_memref_tail_shows_no_earlier_call)
{
	unsigned char buf[4096];
	TEEC_Operation op;
	uint32_t o;

	EXPECT_EQ(0, tail_after(&self->s, 3000, 0xaa));
	EXPECT_EQ(0, tail_after(&self->s, 100, 0xbb));
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_VALUE_INPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = sizeof(buf);
	op.params[1].value.a = 'z';
	ASSERT_EQ(TEEC_SUCCESS, TEEC_InvokeCommand(&self->s, TA_CMD_FILL, &op, &o));
	ASSERT_EQ('z', buf[4095]);
	EXPECT_EQ(0, tail_after(&self->s, 10, 0xcc));
}

/*
 * The bench's figure: 1 MiB temporary input memrefs, more of them than
 * the instance's 1 GiB shm allowance holds if views are not unmapped.
 * COPY into a NULL output answers SHORT_BUFFER with the size: the TA was
 * reached with the view mapped (a failed mapping is BAD_PARAMETERS).
 */
TEST_F_TIMEOUT(views, many_1mib_temporary_input_memrefs, 240)
{
	unsigned char *buf = malloc(MIB);
	TEEC_Operation op;
	TEEC_Result r = TEEC_SUCCESS;
	uint32_t o = 0;
	int i;

	ASSERT_NE(NULL, buf);
	memset(buf, 0x5a, MIB);
	for (i = 0; i < 1100; i++) {
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
						 TEEC_MEMREF_TEMP_OUTPUT,
						 TEEC_NONE, TEEC_NONE);
		op.params[0].tmpref.buffer = buf;
		op.params[0].tmpref.size = MIB;
		r = TEEC_InvokeCommand(&self->s, TA_CMD_COPY, &op, &o);
		if (r != TEEC_ERROR_SHORT_BUFFER || op.params[1].tmpref.size != MIB)
			break;
	}
	EXPECT_EQ(1100, i);
	EXPECT_EQ(TEEC_ERROR_SHORT_BUFFER, r);
	EXPECT_EQ(TEEC_ORIGIN_TRUSTED_APP, o);
	EXPECT_GE(4, sim_maps_settle(self->ta, 4));
	free(buf);
}

TEST_HARNESS_MAIN
