/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fake_tos.h - a minimal fake trusted-OS emulator for the sim driver's
 * tests: an OS channel that forwards every open to one instance, and an
 * instance loop with a few commands.  Header-only because every C file
 * of tests/sim is a program of its own.
 */
#ifndef TEEKIT_TESTS_FAKE_TOS_H
#define TEEKIT_TESTS_FAKE_TOS_H

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/teekit_sim.h>

#define FK_UUID_TA	"5ee5ee00-0000-4000-8000-000000000001"
#define FK_UUID_NONE	"5ee5ee00-0000-4000-8000-0000000000ff"

enum fk_cmd {
	FK_CMD_ADD = 1,		/* v0 IN a -> v1 OUT a = a + 1 */
	FK_CMD_WRITE = 2,	/* m0 OUT/INOUT: write "sim-ok" */
	FK_CMD_WAIT_CANCEL = 3,	/* poll the cancel flag up to 10 s */
	FK_CMD_TIME = 4,	/* RPC GET_TIME -> v0 OUT a = s */
	FK_CMD_LOAD = 5,	/* RPC LOAD_TA via SHM_ALLOC -> v0 OUT a, b */
	FK_CMD_EXIT = 6,	/* the instance process exits */
	FK_CMD_SLEEP = 7,	/* RPC SUSPEND v0.a ms -> ret of the RPC */
	FK_CMD_CHECK_RO = 8,	/* m0 IN: RW mmap must fail, RO must work */
	FK_CMD_SUPP = 9,	/* v0 INOUT, see fk_cmd_supp() */
};

/* Supplicant functions of FK_CMD_SUPP's RPCs (any unknown one goes there) */
#define FK_SUPP_ECHO	0x7e57	/* v0 INOUT: a = a + 1 */
#define FK_SUPP_HOLD	0x7e58	/* the same, answered when the test says */

/* The last FK_CMD_SUPP of an instance thread of this process */
static atomic_uint fk_supp_ret;	/* its result */
static atomic_int fk_supp_done;	/* how many ended */

static inline int fk_open(void)
{
	return open(TKSIM_DEVICE, O_RDWR | O_CLOEXEC);
}

static inline int fk_attach_os(int fd)
{
	struct tksim_attach a = { .os_major = 1, .os_minor = 2,
				  .flags = TKSIM_OS_CAP_CANCEL };

	return ioctl(fd, TKSIM_IOC_ATTACH_OS, &a);
}

static inline int fk_new_instance(int osfd, uint32_t *id)
{
	struct tksim_instance in = { 0 };
	int rc = ioctl(osfd, TKSIM_IOC_INSTANCE_NEW, &in);

	*id = in.instance;
	return rc;
}

static inline int fk_attach_instance(int fd, uint32_t id)
{
	struct tksim_attach a = { .instance = id };

	return ioctl(fd, TKSIM_IOC_ATTACH_INSTANCE, &a);
}

/* OS loop: forward every open to *inst, refuse FK_UUID_NONE */
struct fk_os {
	int fd;
	uint32_t inst;
	uint8_t none_uuid[16];
};

static inline void *fk_os_loop(void *p)
{
	struct fk_os *os = p;
	struct tksim_xfer x;

	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(os->fd, TKSIM_IOC_XFER, &x))
			return NULL;
		if (x.kind != TKSIM_KIND_CALL) {
			x.op = TKSIM_OP_NONE;
			continue;
		}
		if (!memcmp(x.msg.uuid, os->none_uuid, 16)) {
			x.op = TKSIM_OP_RETURN;
			x.msg.ret = 0xFFFF0008;	/* ITEM_NOT_FOUND */
			x.msg.ret_origin = 3;
			continue;
		}
		x.op = TKSIM_OP_FORWARD;
		x.msg.instance = os->inst;
	}
}

static inline void *fk_map(int fd, const struct tksim_param *p, int prot)
{
	long pg = sysconf(_SC_PAGESIZE);
	void *m = mmap(NULL, p->map_pages * pg, prot, MAP_SHARED, fd, p->c);

	return m == MAP_FAILED ? NULL : m;
}

static inline int fk_rpc(int fd, struct tksim_xfer *x, uint32_t cmd,
			 uint32_t n)
{
	x->op = TKSIM_OP_RPC;
	x->flags = 0;
	x->msg.cmd = cmd;
	x->msg.num_params = n;
	x->msg.flags = 0;
	return ioctl(fd, TKSIM_IOC_XFER, x);
}

static inline uint32_t fk_cmd_load(int fd, uint64_t call_id,
				   struct tksim_msg *out)
{
	struct tksim_xfer x;
	uint64_t size, cookie;
	uint32_t pages, ret;
	uint8_t *img;

	memset(&x, 0, sizeof(x));
	x.call_id = call_id;
	x.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	memcpy(&x.msg.params[0].a, "0123456789abcdef", 16);
	x.msg.params[1].attr = TKSIM_PARAM_MEMREF_OUTPUT;
	if (fk_rpc(fd, &x, TKSIM_RPC_LOAD_TA, 2))
		return 0xFFFF000E;
	size = x.msg.params[1].b;
	memset(&x.msg, 0, sizeof(x.msg));
	x.call_id = call_id;
	x.msg.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
	x.msg.params[0].b = size;
	if (fk_rpc(fd, &x, TKSIM_RPC_SHM_ALLOC, 1) || x.msg.ret)
		return x.msg.ret ? x.msg.ret : 0xFFFF000E;
	cookie = x.msg.params[0].c;
	pages = x.msg.params[0].map_pages;
	memset(&x.msg, 0, sizeof(x.msg));
	x.call_id = call_id;
	x.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	x.msg.params[1].attr = TKSIM_PARAM_MEMREF_OUTPUT;
	x.msg.params[1].b = size;
	x.msg.params[1].c = cookie;
	if (fk_rpc(fd, &x, TKSIM_RPC_LOAD_TA, 2))
		return 0xFFFF000E;
	ret = x.msg.ret;
	img = mmap(NULL, pages * sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED,
		   fd, cookie);
	if (img == MAP_FAILED)
		return 0xFFFF0000;
	out->params[0].a = size;
	memcpy(&out->params[0].b, img, 4);
	munmap(img, pages * sysconf(_SC_PAGESIZE));
	memset(&x.msg, 0, sizeof(x.msg));
	x.call_id = call_id;
	x.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
	x.msg.params[0].b = cookie;
	if (fk_rpc(fd, &x, TKSIM_RPC_SHM_FREE, 1) || x.msg.ret)
		return 0xFFFF0001;
	return ret;
}

/*
 * FK_CMD_SUPP: v0 a = how many RPCs, b = their supplicant function; each
 * sends v0 INOUT a = i and wants i + 1 back.  Out: v0 a = RPCs that
 * succeeded, b = the failing RPC's result (0), c = the cancel flag after
 * them.  The call returns that result.
 */
static inline uint32_t fk_cmd_supp(int fd, const struct tksim_xfer *call,
				   struct tksim_msg *out,
				   volatile struct tksim_status *st)
{
	struct tksim_xfer r;
	uint32_t ret = 0;
	uint64_t i;

	for (i = 0; i < call->msg.params[0].a; i++) {
		memset(&r, 0, sizeof(r));
		r.call_id = call->call_id;
		r.msg.params[0].attr = TKSIM_PARAM_VALUE_INOUT;
		r.msg.params[0].a = i;
		if (fk_rpc(fd, &r, call->msg.params[0].b, 1))
			ret = 0xFFFF000E;	/* COMMUNICATION */
		else if (r.msg.ret)
			ret = r.msg.ret;
		else if (r.msg.params[0].a != i + 1)
			ret = 0xFFFF0000;	/* GENERIC */
		if (ret)
			break;
	}
	out->params[0].a = i;
	out->params[0].b = ret;
	out->params[0].c = st != MAP_FAILED && st->cancel[call->slot];
	atomic_store(&fk_supp_ret, ret);
	atomic_fetch_add(&fk_supp_done, 1);
	return ret;
}

/* Instance loop: serve until the channel fails */
static inline void fk_serve(int fd)
{
	volatile struct tksim_status *st;
	struct tksim_xfer x, r;
	uint8_t *m;
	int i;

	st = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED, fd, 0);
	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(fd, TKSIM_IOC_XFER, &x))
			return;
		if (x.kind != TKSIM_KIND_CALL) {
			x.op = TKSIM_OP_NONE;
			continue;
		}
		x.op = TKSIM_OP_RETURN;
		x.msg.ret = 0;
		x.msg.ret_origin = 4;
		if (x.msg.cmd != 1)
			continue;
		switch (x.msg.func) {
		case FK_CMD_ADD:
			x.msg.params[1].a = x.msg.params[0].a + 1;
			break;
		case FK_CMD_WRITE:
			m = fk_map(fd, &x.msg.params[0], PROT_READ | PROT_WRITE);
			if (!m) {
				x.msg.ret = 0xFFFF0001;
				break;
			}
			memcpy(m + x.msg.params[0].a, "sim-ok", 7);
			x.msg.params[0].b = 7;
			break;
		case FK_CMD_CHECK_RO:
			m = fk_map(fd, &x.msg.params[0], PROT_READ | PROT_WRITE);
			if (m || errno != EACCES) {
				x.msg.ret = 0xFFFF0001;
				break;
			}
			m = fk_map(fd, &x.msg.params[0], PROT_READ);
			if (!m || mprotect(m, 4096, PROT_READ | PROT_WRITE) == 0 ||
			    memcmp(m + x.msg.params[0].a, "input", 5))
				x.msg.ret = 0xFFFF0000;
			break;
		case FK_CMD_WAIT_CANCEL:
			x.msg.ret = 0xFFFF0000;
			for (i = 0; i < 1000; i++) {
				if (st != MAP_FAILED && st->cancel[x.slot]) {
					x.msg.ret = 0xFFFF0002;	/* CANCEL */
					break;
				}
				usleep(10000);
			}
			break;
		case FK_CMD_TIME:
			memset(&r, 0, sizeof(r));
			r.call_id = x.call_id;
			r.msg.params[0].attr = TKSIM_PARAM_VALUE_OUTPUT;
			if (fk_rpc(fd, &r, TKSIM_RPC_GET_TIME, 1))
				x.msg.ret = 0xFFFF000E;
			else
				x.msg.params[0].a = r.msg.params[0].a;
			break;
		case FK_CMD_SLEEP:
			memset(&r, 0, sizeof(r));
			r.call_id = x.call_id;
			r.msg.params[0].attr = TKSIM_PARAM_VALUE_INPUT;
			r.msg.params[0].a = x.msg.params[0].a;
			x.msg.ret = fk_rpc(fd, &r, TKSIM_RPC_SUSPEND, 1) ?
				    0xFFFF000E : r.msg.ret;
			break;
		case FK_CMD_LOAD:
			x.msg.ret = fk_cmd_load(fd, x.call_id, &x.msg);
			break;
		case FK_CMD_SUPP:
			x.msg.ret = fk_cmd_supp(fd, &x, &x.msg, st);
			break;
		case FK_CMD_EXIT:
			_exit(0);
		}
	}
}

static inline void *fk_serve_thread(void *p)
{
	fk_serve(*(int *)p);
	return NULL;
}

#endif /* TEEKIT_TESTS_FAKE_TOS_H */
