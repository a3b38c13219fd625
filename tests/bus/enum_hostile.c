// SPDX-License-Identifier: GPL-2.0-only
/*
 * enum_hostile.c - the sim driver's TEE bus enumeration against an
 * emulator that lies (decision 1901): the test plays the OS channel and
 * answers the device-enumeration pseudo TA itself. Lies give no device
 * and no kernel report; a truthful answer gives its devices, once each,
 * and they go when the OS channel closes; an OS that never answers and
 * then dies does not wedge the bus.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>

#include "harness.h"
#include "teetest.h"
#include "fake_tos.h"
#include "sim_env.h"

#define PTA "7011a688-ddde-4053-a5a9-7b3c4ddf13b8"
#define U1 "5ee5ee00-0000-4000-8000-0000000000b1"
#define U2 "5ee5ee00-0000-4000-8000-0000000000b2"
#define BUS "/sys/bus/tee/devices"

enum lie { L_TRUTH, L_ODD_SIZE, L_HUGE_SIZE, L_SHORT, L_ERROR, L_NEVER,
	   L_DUPS };

struct fos {
	int fd;
	enum lie lie;
	atomic_int invokes;
	atomic_int calls;	/* of any kind */
};

static void put_uuid(uint8_t *dst, const char *s)
{
	tt_uuid_parse(s, dst);
}

static void answer_invoke(struct fos *o, struct tksim_xfer *x)
{
	struct tksim_param *p = &x->msg.params[0];
	uint8_t *m;

	x->op = TKSIM_OP_RETURN;
	x->flags = 0;
	x->reserved = 0;
	x->msg.flags = 0;
	x->msg.ret = 0;
	x->msg.ret_origin = 3;
	switch (o->lie) {
	case L_ODD_SIZE:
		p->b = 17;
		return;
	case L_HUGE_SIZE:
		p->b = 1u << 30;
		return;
	case L_SHORT:
		x->msg.ret = 0xFFFF0010;	/* SHORT_BUFFER */
		p->b = 1u << 20;
		return;
	case L_ERROR:
		x->msg.ret = 0xFFFF0000;	/* GENERIC */
		return;
	default:
		break;
	}
	/* truth (U1, U2) or duplicates (U1, U1, nil, U1) */
	m = fk_map(o->fd, p, PROT_READ | PROT_WRITE);
	if (!m) {
		x->msg.ret = 0xFFFF000C;
		return;
	}
	m += p->a;
	if (x->msg.func == 1) {		/* GET_DEVICES_SUPP: none */
		p->b = 0;
		return;
	}
	put_uuid(m, U1);
	if (o->lie == L_DUPS) {
		put_uuid(m + 16, U1);
		memset(m + 32, 0, 16);
		put_uuid(m + 48, U1);
		p->b = 64;
	} else {
		put_uuid(m + 16, U2);
		p->b = 32;
	}
}

static void *fos_loop(void *arg)
{
	struct fos *o = arg;
	struct tksim_xfer x;

	memset(&x, 0, sizeof(x));
	for (;;) {
		if (ioctl(o->fd, TKSIM_IOC_XFER, &x)) {
			if (errno == EINTR)
				continue;
			if (errno != ENOTCONN && errno != EBADF && errno != ENODEV)
				fprintf(stderr, "# fake OS: XFER: %s\n",
					strerror(errno));
			return NULL;
		}
		if (x.kind != TKSIM_KIND_CALL) {
			x.op = TKSIM_OP_NONE;
			continue;
		}
		atomic_fetch_add(&o->calls, 1);
		if (x.msg.cmd == TKSIM_CMD_INVOKE) {
			atomic_fetch_add(&o->invokes, 1);
			if (o->lie == L_NEVER) {
				memset(&x, 0, sizeof(x));	/* hold it */
				continue;
			}
			answer_invoke(o, &x);
			continue;
		}
		x.op = TKSIM_OP_RETURN;		/* open of the PTA, close */
		x.flags = 0;
		x.reserved = 0;
		x.msg.flags = 0;
		x.msg.ret = 0;
		x.msg.ret_origin = 3;
	}
}

/* how many bus devices named teekit-ta-* exist */
static int bus_devices(void)
{
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(BUS);

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "teekit-ta-", 10))
			n++;
	closedir(d);
	return n;
}

static bool wait_devices(int want, int secs)
{
	int i;

	for (i = 0; i < secs * 20 * (int)th_timeout_mult(); i++) {
		if (bus_devices() == want)
			return true;
		tt_msleep(50);
	}
	return false;
}

FIXTURE(en) {
	char clnt[32], priv[32];
	struct fos o;
	pthread_t th;
	bool running;
};

FIXTURE_SETUP(en)
{
	ASSERT_EQ(0, sim_setup(self->clnt, self->priv));
	/* a real emulator would answer instead of us */
	ASSERT_EQ(0, system("teekit-down >/dev/null 2>&1; modprobe teekit_sim"));
	ASSERT_TRUE(wait_devices(0, 5));
	self->o.fd = fk_open();
	ASSERT_SYS(self->o.fd);
}

FIXTURE_TEARDOWN(en)
{
	if (self->o.fd >= 0)
		close(self->o.fd);
	if (self->running)
		pthread_join(self->th, NULL);
}

static void start(struct th_meta *_metadata, struct th_fixture_data_en *self,
		  enum lie lie)
{
	struct tksim_attach a = { .os_major = 1,
				  .flags = TKSIM_OS_CAP_DEVENUM };

	self->o.lie = lie;
	ASSERT_SYS(ioctl(self->o.fd, TKSIM_IOC_ATTACH_OS, &a));
	ASSERT_EQ(0, pthread_create(&self->th, NULL, fos_loop, &self->o));
	self->running = true;
}

static void lie_gives_nothing(struct th_meta *_metadata,
			      struct th_fixture_data_en *self, enum lie lie)
{
	int i;

	start(_metadata, self, lie);
	for (i = 0; i < 100 * (int)th_timeout_mult() &&
	     atomic_load(&self->o.invokes) < 2; i++)
		tt_msleep(50);
	EXPECT_EQ(2, atomic_load(&self->o.invokes));
	tt_msleep(200);
	EXPECT_EQ(0, bus_devices());
}

TEST_F(en, odd_size_gives_no_device) { lie_gives_nothing(_metadata, self, L_ODD_SIZE); }
TEST_F(en, huge_size_gives_no_device) { lie_gives_nothing(_metadata, self, L_HUGE_SIZE); }
TEST_F(en, short_buffer_forever_gives_no_device) { lie_gives_nothing(_metadata, self, L_SHORT); }
TEST_F(en, error_gives_no_device) { lie_gives_nothing(_metadata, self, L_ERROR); }

TEST_F(en, truth_gives_devices_that_go_with_the_os)
{
	start(_metadata, self, L_TRUTH);
	ASSERT_TRUE(wait_devices(2, 10));
	EXPECT_EQ(0, access(BUS "/teekit-ta-" U1, F_OK));
	EXPECT_EQ(0, access(BUS "/teekit-ta-" U2, F_OK));
	close(self->o.fd);
	self->o.fd = -1;
	EXPECT_TRUE(wait_devices(0, 10));
}

/* an OS without the capability is never asked (the sim suites' fakes) */
TEST_F(en, os_without_the_capability_gets_no_call)
{
	ASSERT_SYS(fk_attach_os(self->o.fd));
	self->o.lie = L_TRUTH;
	ASSERT_EQ(0, pthread_create(&self->th, NULL, fos_loop, &self->o));
	self->running = true;
	tt_msleep(500);
	EXPECT_EQ(0, atomic_load(&self->o.calls));
	EXPECT_EQ(0, bus_devices());
}

TEST_F(en, duplicates_and_nil_give_one_device)
{
	start(_metadata, self, L_DUPS);
	ASSERT_TRUE(wait_devices(1, 10));
	tt_msleep(300);
	EXPECT_EQ(1, bus_devices());
}

TEST_F(en, os_that_never_answers_then_dies_does_not_wedge_the_bus)
{
	int fd2, i;

	start(_metadata, self, L_NEVER);
	for (i = 0; i < 100 * (int)th_timeout_mult() &&
	     !atomic_load(&self->o.invokes); i++)
		tt_msleep(50);
	ASSERT_EQ(1, atomic_load(&self->o.invokes));
	close(self->o.fd);		/* the enumeration call fails */
	self->o.fd = -1;
	pthread_join(self->th, NULL);
	self->running = false;
	/* a new emulator is enumerated */
	fd2 = fk_open();
	ASSERT_SYS(fd2);
	self->o.fd = fd2;
	self->o.invokes = 0;
	start(_metadata, self, L_TRUTH);
	EXPECT_TRUE(wait_devices(2, 10));
}

TEST_HARNESS_MAIN
