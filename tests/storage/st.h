/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * st.h - what the trusted-storage test programs share: starting and
 * stopping the stack (tee-supplicant with its REE FS under ST_FS and its
 * emulated RPMB, teekit-tos), and one function per command of the test TA
 * (ta/st_ta.h). Header-only: each test program of the suite is its own binary.
 */
#ifndef ST_H
#define ST_H

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <tee_client_api.h>

#include "harness.h"
#include "tee_stack.h"
#include "st_ta.h"

#define ST_TOS		"/usr/sbin/teekit-tos"
#define ST_SUPP		"/usr/sbin/tee-supplicant"
#define ST_TOS_LOG	"/tmp/teekit-tos-st.log"
#define ST_SUPP_LOG	"/tmp/teekit-supp-st.log"
#define ST_FS		"/tmp/teekit-st-fs"
#define ST_CONF		"/tmp/teekit-st-storage.conf"	/* the limits */
#define ST_MAIN		ST_TA_UUID(01)
#define ST_GP11		ST_TA_UUID(02)
#define ST_MULTI	ST_TA_UUID(03)
#define ST_OTHER	ST_TA_UUID(04)
#define ST_PRIV		TEEC_CONFIG_PAYLOAD_REF_COUNT	/* unused */

#define S_PRIVATE	0x00000001
#define S_REE		0x80000000
#define S_RPMB		0x80000100
#define F_READ		0x00000001
#define F_WRITE		0x00000002
#define F_META		0x00000004
#define F_SHR		0x00000010
#define F_SHW		0x00000020
#define F_OVERWRITE	0x00000400
#define F_RW		(F_READ | F_WRITE)
#define F_ALL		(F_READ | F_WRITE | F_META)

#define E_CORRUPT	0xF0100001
#define E_NOT_AVAIL	0xF0100003
#define E_NO_SPACE	0xFFFF3041
#define E_CONFLICT	0xFFFF0003
#define E_OVERFLOW	0xFFFF300F

struct st {
	pid_t tos, supp;
	TEEC_Context ctx;
	TEEC_Session s;
	bool open;
};

static inline pid_t st_supp_start(const char *die_at)
{
	pid_t pid;
	int fd;

	mkdir(ST_FS, 0700);
	pid = fork();
	if (!pid) {
		if (die_at)
			setenv("TEEKIT_SUPP_DIE_AT", die_at, 1);
		fd = open(ST_SUPP_LOG, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0)
			dup2(fd, 2);
		execl(ST_SUPP, ST_SUPP, "--fs-root", ST_FS, "-v",
		      (char *)NULL);
		_exit(127);
	}
	usleep(200000);
	return pid;
}

static inline pid_t st_tos_start(void)
{
	pid_t pid = fork();

	if (!pid) {
		setenv("TEEKIT_STORAGE_CONF", ST_CONF, 1);
		execl(ST_TOS, ST_TOS, "--foreground", "--ta-log-level", "2",
		      "--log", ST_TOS_LOG, (char *)NULL);
		_exit(127);
	}
	tt_wait_emulator();
	return pid;
}

static inline TEEC_Result st_session(struct st *t, TEEC_Session *s,
					     const char *ta)
{
	TEEC_UUID u;
	uint32_t o;

	tt_teec_uuid(ta, &u);
	return TEEC_OpenSession(&t->ctx, s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL,
				&o);
}

/* a fresh stack on an empty REE FS (wipe) or on what is there */
static inline int st_up(struct st *t, const char *ta, bool wipe)
{
	if (wipe && system("rm -rf " ST_FS))
		return -1;
	if (access("/dev/teekit_sim", F_OK) && system("modprobe teekit_sim"))
		return -1;
	t->supp = st_supp_start(NULL);
	t->tos = st_tos_start();
	if (TEEC_InitializeContext(NULL, &t->ctx))
		return -1;
	if (!ta)
		return 0;
	if (st_session(t, &t->s, ta))
		return -1;
	t->open = true;
	return 0;
}

static inline void st_down(struct st *t)
{
	if (t->open)
		TEEC_CloseSession(&t->s);
	t->open = false;
	TEEC_FinalizeContext(&t->ctx);
	tt_stop_daemon(t->tos);
	tt_stop_daemon(t->supp);
	t->tos = t->supp = 0;
}

static inline TEEC_Result st_inv(TEEC_Session *s, uint32_t cmd,
					 TEEC_Operation *op)
{
	uint32_t o;

	return TEEC_InvokeCommand(s, cmd, op, &o);
}

static inline TEEC_Result st_create(TEEC_Session *s, uint32_t sid,
					    uint32_t flags, const char *id,
					    const void *data, size_t len,
					    int attrs, uint32_t *slot)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT,
					 data ? TEEC_MEMREF_TEMP_INPUT : TEEC_NONE,
					 TEEC_VALUE_INPUT);
	op.params[0].value.a = sid;
	op.params[0].value.b = flags;
	op.params[1].tmpref.buffer = (void *)id;
	op.params[1].tmpref.size = strlen(id);
	op.params[2].tmpref.buffer = (void *)data;
	op.params[2].tmpref.size = len;
	op.params[3].value.a = attrs;
	op.params[3].value.b = slot != NULL;
	r = st_inv(s, ST_CMD_CREATE, &op);
	if (slot)
		*slot = op.params[0].value.a;
	return r;
}

static inline TEEC_Result st_open(TEEC_Session *s, uint32_t sid,
					  uint32_t flags, const void *id,
					  size_t idlen, uint32_t *slot)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = sid;
	op.params[0].value.b = flags;
	op.params[1].tmpref.buffer = (void *)id;
	op.params[1].tmpref.size = idlen;
	r = st_inv(s, ST_CMD_OPEN, &op);
	if (!r)
		*slot = op.params[0].value.a;
	return r;
}

static inline TEEC_Result st_v(TEEC_Session *s, uint32_t cmd,
				       uint32_t a, uint32_t b)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = a;
	op.params[0].value.b = b;
	return st_inv(s, cmd, &op);
}

static inline TEEC_Result st_close(TEEC_Session *s, uint32_t slot)
{
	return st_v(s, ST_CMD_CLOSE, slot, 0);
}

static inline TEEC_Result st_mem(TEEC_Session *s, uint32_t cmd,
					 uint32_t a, uint32_t b, bool out,
					 void *buf, size_t *len)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 out ? TEEC_MEMREF_TEMP_OUTPUT :
					 TEEC_MEMREF_TEMP_INPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = a;
	op.params[0].value.b = b;
	op.params[1].tmpref.buffer = buf;
	op.params[1].tmpref.size = *len;
	r = st_inv(s, cmd, &op);
	*len = op.params[1].tmpref.size;
	return r;
}

static inline TEEC_Result st_read(TEEC_Session *s, uint32_t slot,
					  void *buf, size_t *len)
{
	return st_mem(s, ST_CMD_READ, slot, 0, true, buf, len);
}

static inline TEEC_Result st_write(TEEC_Session *s, uint32_t slot,
					   const void *buf, size_t len)
{
	return st_mem(s, ST_CMD_WRITE, slot, 0, false, (void *)buf, &len);
}

static inline TEEC_Result st_rename(TEEC_Session *s, uint32_t slot,
					    const void *id, size_t len)
{
	return st_mem(s, ST_CMD_RENAME, slot, 0, false, (void *)id, &len);
}

static inline TEEC_Result st_seek(TEEC_Session *s, uint32_t slot,
					  int64_t off, uint32_t whence)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = slot;
	op.params[0].value.b = whence;
	op.params[1].value.a = (uint64_t)off;
	op.params[1].value.b = (uint64_t)off >> 32;
	return st_inv(s, ST_CMD_SEEK, &op);
}

struct st_info {
	uint32_t type, obj_size, data_size, pos, flags, usage;
};

static inline TEEC_Result st_info(TEEC_Session *s, uint32_t slot,
					  struct st_info *i)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT,
					 TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT);
	op.params[0].value.a = slot;
	r = st_inv(s, ST_CMD_INFO, &op);
	i->type = op.params[1].value.a;
	i->obj_size = op.params[1].value.b;
	i->data_size = op.params[2].value.a;
	i->pos = op.params[2].value.b;
	i->flags = op.params[3].value.a;
	i->usage = op.params[3].value.b;
	return r;
}

/* the ids of a storage, each as "<id>\n" into @out; count in *n */
static inline TEEC_Result st_enum(TEEC_Session *s, uint32_t sid,
					  char *out, size_t cap, uint32_t *n)
{
	uint8_t buf[4096];
	TEEC_Operation op;
	TEEC_Result r;
	size_t off = 0, o = 0;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE,
					 TEEC_NONE);
	op.params[0].value.a = sid;
	op.params[1].tmpref.buffer = buf;
	op.params[1].tmpref.size = sizeof(buf);
	r = st_inv(s, ST_CMD_ENUM, &op);
	*n = op.params[0].value.a;
	out[0] = 0;
	while (!r && off < op.params[1].tmpref.size && o + 66 < cap) {
		size_t l = buf[off];

		memcpy(out + o, buf + off + 1, l);
		o += l;
		out[o++] = '\n';
		out[o] = 0;
		off += 1 + l;
	}
	return r;
}

/* FNV-1a 64 and length of what the TA reads from @slot to the end */
static inline TEEC_Result st_sum(TEEC_Session *s, uint32_t slot,
					 uint64_t *sum, uint64_t *bytes)
{
	TEEC_Operation op;
	TEEC_Result r;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT,
					 TEEC_VALUE_OUTPUT, TEEC_NONE);
	op.params[0].value.a = slot;
	r = st_inv(s, ST_CMD_SUM, &op);
	*sum = (uint64_t)op.params[1].value.b << 32 | op.params[1].value.a;
	*bytes = (uint64_t)op.params[2].value.b << 32 | op.params[2].value.a;
	return r;
}

static inline TEEC_Result st_fill(TEEC_Session *s, uint32_t slot,
					  uint32_t mib, uint32_t seed)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = slot;
	op.params[0].value.b = mib;
	op.params[1].value.a = seed;
	return st_inv(s, ST_CMD_FILL, &op);
}

/* the pattern of ST_CMD_FILL and its FNV-1a 64, computed here */
static inline uint64_t st_pattern_sum(uint64_t len, uint32_t seed)
{
	uint64_t sum = 1469598103934665603ull, i;

	for (i = 0; i < len; i++)
		sum = (sum ^ (uint8_t)(seed + i * 7 + (i >> 16))) *
		      1099511628211ull;
	return sum;
}

/* the whole content of an object (opened read-only, then closed) */
static inline TEEC_Result st_get(TEEC_Session *s, uint32_t sid,
					 const char *id, void *buf, size_t *len)
{
	uint32_t slot;
	TEEC_Result r;

	r = st_open(s, sid, F_READ, id, strlen(id), &slot);
	if (r)
		return r;
	r = st_read(s, slot, buf, len);
	st_close(s, slot);
	return r;
}

/* the files of the REE FS under the storage dirs, one path per line */
static inline int st_files(char paths[][256], int max)
{
	FILE *f = popen("find " ST_FS "/teekit-ss -type f | sort", "r");
	int n = 0;

	if (!f)
		return 0;
	while (n < max && fgets(paths[n], 256, f)) {
		paths[n][strcspn(paths[n], "\n")] = 0;
		n++;
	}
	pclose(f);
	return n;
}

#endif
