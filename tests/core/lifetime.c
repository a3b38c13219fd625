// SPDX-License-Identifier: GPL-2.0-only
/*
 * lifetime.c - object lifetimes and teardown under load: closing the tee
 * fd with live sessions and shared memory, concurrent ioctls on one fd,
 * clients killed mid-invoke, unregistering a test device (del_device) while
 * threads use it, and rmmod of the test driver with fds open. Afterwards
 * every counter of /sys/class/tee/<node>/stats must be back to zero and
 * dead devices must answer ENODEV (TT_DEAD_ERRNO) without hanging.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "harness.h"
#include "teetest.h"

FIXTURE(life) {
	struct tt_dev d;
};

FIXTURE_SETUP(life)
{
	ASSERT_SYS(tt_setup(&self->d));
	ASSERT_TRUE(tt_debugfs_ready());
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

FIXTURE_TEARDOWN(life)
{
}

static int dev_pending(const struct tt_dev *d)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "dev%d/pending", tt_instance(d));
	return tt_dbg_read(rel);
}

static int wait_pending(const struct tt_dev *d, int n, int ms)
{
	uint64_t end = tt_now_ms() + ms;

	while (dev_pending(d) != n) {
		if (tt_now_ms() > end)
			return -1;
		tt_msleep(5);
	}
	return 0;
}

static int sleep_forever(int fd, uint32_t sess, uint32_t cancel_id,
			 struct tt_res *r)
{
	struct tee_ioctl_param p[1];

	tt_param(&p[0], TT_VAL_IN, 0, 0, 0);
	return tt_invoke(fd, sess, TT_CMD_SLEEP, cancel_id, p, 1, r);
}

TEST_F(life, close_fd_with_sessions)
{
	int fd = ASSERT_SYS(tt_open_client(&self->d));
	int i;

	for (i = 0; i < 5; i++)
		ASSERT_LE(0, tt_open_echo(fd));
	ASSERT_EQ(5, tt_counter(&self->d, "sessions"));
	ASSERT_EQ(1, tt_counter(&self->d, "contexts"));
	ASSERT_EQ(0, close(fd));
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

TEST_F(life, close_fd_with_sessions_and_shm)
{
	int fd = ASSERT_SYS(tt_open_client(&self->d));
	int sfd1, sfd2, sfd3;
	uint8_t *m;

	ASSERT_LE(0, tt_open_echo(fd));
	ASSERT_LE(0, tt_open_echo(fd));
	sfd1 = ASSERT_SYS(tt_shm_alloc(fd, 4096, NULL, NULL));	/* fd kept */
	sfd2 = ASSERT_SYS(tt_shm_alloc(fd, 8192, NULL, NULL));	/* mapped */
	sfd3 = ASSERT_SYS(tt_shm_alloc(fd, 100, NULL, NULL));	/* closed */
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, sfd2, 0);
	ASSERT_NE(MAP_FAILED, m);
	close(sfd2);
	close(sfd3);
	ASSERT_EQ(2, tt_counter(&self->d, "shm_count"));
	ASSERT_EQ(0, close(fd));
	/* the shm objects outlive the context's fd */
	ASSERT_EQ(2, tt_counter(&self->d, "shm_count"));
	m[8191] = 1;
	ASSERT_EQ(0, close(sfd1));
	ASSERT_EQ(1, tt_counter(&self->d, "shm_count"));
	ASSERT_EQ(0, munmap(m, 8192));
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

struct loop_arg {
	int fd;
	int iters;
	int errors;
	int id;
};

static void *mixed_loop(void *arg)
{
	struct loop_arg *a = arg;
	int i;

	for (i = 0; i < a->iters; i++) {
		struct tee_ioctl_param p[2];
		struct tee_ioctl_version_data v;
		struct teekit_ioctl_ctx_stats st;
		struct tt_res r;
		int64_t s;
		int sfd;

		s = tt_open_echo(a->fd);
		if (s < 0) {
			a->errors++;
			continue;
		}
		tt_param(&p[0], TT_VAL_IN, a->id, i, 0);
		tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
		if (tt_invoke(a->fd, s, TT_CMD_ADD, 0, p, 2, &r) || r.ret ||
		    p[1].a != (uint64_t)a->id + i)
			a->errors++;
		sfd = tt_shm_alloc(a->fd, 4096 * (1 + i % 3), NULL, NULL);
		if (sfd < 0)
			a->errors++;
		else
			close(sfd);
		if (ioctl(a->fd, TEE_IOC_VERSION, &v) || ioctl(a->fd, TEEKIT_IOC_CTX_STATS, &st))
			a->errors++;
		if (tt_close_session(a->fd, s))
			a->errors++;
	}
	return NULL;
}

TEST_F_TIMEOUT(life, concurrent_ioctls_one_fd, 120)
{
	enum { N = 8 };
	struct loop_arg a[N];
	pthread_t t[N];
	int fd = ASSERT_SYS(tt_open_client(&self->d));
	int i;

	for (i = 0; i < N; i++) {
		a[i] = (struct loop_arg){ .fd = fd, .iters = 300, .id = i * 1000 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, mixed_loop, &a[i]));
	}
	for (i = 0; i < N; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		ASSERT_EQ(0, a[i].errors);
	}
	ASSERT_EQ(0, tt_counter(&self->d, "sessions"));
	ASSERT_EQ(0, close(fd));
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

/* an invoke keeps its file alive: closing the fd under it is safe */
TEST_F(life, close_fd_during_invoke)
{
	int fd = ASSERT_SYS(tt_open_client(&self->d));
	int64_t s = tt_open_echo(fd);
	pid_t pid;
	int st;

	ASSERT_LE(0, s);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct tee_ioctl_param p[1];
		struct tt_res r;

		tt_param(&p[0], TT_VAL_IN, 300, 0, 0);
		if (tt_invoke(fd, s, TT_CMD_SLEEP, 0, p, 1, &r) || r.ret)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(0, wait_pending(&self->d, 1, 5000));
	ASSERT_EQ(0, close(fd));	/* the child still holds it */
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, st);
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 2000));
}

static void killed_mid_call(struct th_meta *_metadata, const struct tt_dev *d,
			    bool slow_open)
{
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd = tt_open_client(d);
		struct tt_res r;

		if (slow_open) {
			tt_open_session(fd, TT_UUID_SLOW_OPEN, 0, NULL, 0, NULL, 0, &r);
		} else {
			int sfd = tt_shm_alloc(fd, 4096, NULL, NULL);

			(void)sfd;
			sleep_forever(fd, tt_open_echo(fd), 0, &r);
		}
		_exit(0);
	}
	ASSERT_EQ(0, wait_pending(d, 1, 5000));
	ASSERT_LE(1, tt_counter(d, "contexts"));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFSIGNALED(st));
	ASSERT_EQ(0, wait_pending(d, 0, 2000));
	ASSERT_EQ(0, tt_wait_counters_zero(d, 2000));
}

TEST_F(life, client_killed_mid_invoke)	{ killed_mid_call(_metadata, &self->d, false); }
TEST_F(life, client_killed_mid_open)	{ killed_mid_call(_metadata, &self->d, true); }

/* a whole client group dies at once with everything open */
TEST_F(life, clients_exit_with_everything_open)
{
	int i, st;

	for (i = 0; i < 4; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			int fd = tt_open_client(&self->d);
			int j;

			for (j = 0; j < 8; j++) {
				int sfd = tt_shm_alloc(fd, 4096, NULL, NULL);

				tt_open_echo(fd);
				if (j % 2)
					mmap(NULL, 4096, PROT_READ, MAP_SHARED, sfd, 0);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++)
		ASSERT_LT(0, wait(&st));
	ASSERT_EQ(0, tt_wait_counters_zero(&self->d, 3000));
}

/* ----------------------------------------------- device removal */

/* parse the instance list that add_device reads back */
static int instances(int *out, int max)
{
	char buf[256], *p, *end;
	ssize_t n;
	int fd, cnt = 0;

	fd = open(TT_DEBUGFS "/add_device", O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	for (p = buf; *p && cnt < max; p = end) {
		long v = strtol(p, &end, 10);

		if (end == p) {
			end = p + 1;
			continue;
		}
		out[cnt++] = v;
	}
	return cnt;
}

/* add one device pair; returns its instance number and node */
static int add_dev(struct tt_dev *nd)
{
	struct tt_dev before[TT_MAX_DEVS], after[TT_MAX_DEVS];
	int ib[16], ia[16], nb, na, ni, i, j, inst = -1;

	nb = tt_find_devs(before, TT_MAX_DEVS);
	ni = instances(ib, 16);
	if (tt_dbg_write("add_device", "1"))
		return -1;
	for (i = 0; i < 200; i++) {
		na = tt_find_devs(after, TT_MAX_DEVS);
		if (na > nb)
			break;
		tt_msleep(10);
	}
	na = instances(ia, 16);
	for (i = 0; i < na; i++) {
		for (j = 0; j < ni; j++)
			if (ia[i] == ib[j])
				break;
		if (j == ni)
			inst = ia[i];
	}
	na = tt_find_devs(after, TT_MAX_DEVS);
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++)
			if (after[i].num == before[j].num)
				break;
		if (j == nb) {
			*nd = after[i];
			break;
		}
	}
	for (i = 0; i < 200 && access(nd->client, F_OK); i++)
		tt_msleep(10);
	return inst;
}

struct load {
	int fd;
	uint32_t sess;
	int kind;		/* 0 ADD loop, 1 SLEEP forever, 2 shm loop */
	atomic_int *stop;
	int last_errno;
	long ok;
	bool ended_with_error;
};

static void *load_thread(void *arg)
{
	struct load *l = arg;

	while (!atomic_load(l->stop)) {
		struct tee_ioctl_param p[2];
		struct tt_res r;
		int rc, sfd;

		switch (l->kind) {
		case 0:
			tt_param(&p[0], TT_VAL_IN, 1, 2, 0);
			tt_param(&p[1], TT_VAL_OUT, 0, 0, 0);
			rc = tt_invoke(l->fd, l->sess, TT_CMD_ADD, 0, p, 2, &r);
			break;
		case 1:
			rc = sleep_forever(l->fd, l->sess, 0, &r);
			if (rc == 0) {	/* woken with a TEE result: the device went away */
				l->ended_with_error = true;
				return NULL;
			}
			break;
		default:
			sfd = tt_shm_alloc(l->fd, 4096, NULL, NULL);
			rc = sfd < 0 ? -1 : close(sfd);
			break;
		}
		if (rc) {
			l->last_errno = errno;
			l->ended_with_error = true;
			return NULL;
		}
		l->ok++;
	}
	return NULL;
}

TEST_F_TIMEOUT(life, del_device_under_load, 60)
{
	enum { N = 6 };
	struct tt_dev nd = { .num = -1 };
	struct load l[N];
	atomic_int stop = 0;
	pthread_t t[N];
	int inst, fd, fd2, sfd, i;
	char buf[16];
	uint8_t *m;

	inst = add_dev(&nd);
	ASSERT_LE(0, inst);
	ASSERT_LE(0, nd.num);
	TH_LOG("new instance %d: %s %s", inst, nd.client, nd.priv);
	fd = ASSERT_SYS(tt_open_client(&nd));
	fd2 = ASSERT_SYS(tt_open_client(&nd));
	sfd = ASSERT_SYS(tt_shm_alloc(fd, 4096, NULL, NULL));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	for (i = 0; i < N; i++) {
		l[i] = (struct load){
			.fd = i % 2 ? fd : fd2, .kind = i % 3, .stop = &stop,
		};
		l[i].sess = tt_open_echo(l[i].fd);
		ASSERT_EQ(0, pthread_create(&t[i], NULL, load_thread, &l[i]));
	}
	tt_msleep(300);
	snprintf(buf, sizeof(buf), "%d", inst);
	ASSERT_EQ(0, tt_dbg_write("del_device", buf));
	for (i = 0; i < N; i++) {
		ASSERT_EQ(0, pthread_join(t[i], NULL));
		TH_LOG("thread %d kind %d: %ld ok, errno %d", i, l[i].kind,
		       l[i].ok, l[i].last_errno);
		ASSERT_TRUE(l[i].ended_with_error);
		if (l[i].kind != 1 || l[i].last_errno)
			ASSERT_EQ(TT_DEAD_ERRNO, l[i].last_errno);
	}
	/* every call on the dead device fails the same way */
	ASSERT_ERRNO(tt_open_echo(fd), TT_DEAD_ERRNO);
	ASSERT_ERRNO(tt_invoke(fd, l[1].sess, TT_CMD_NOP, 0, NULL, 0, NULL), TT_DEAD_ERRNO);
	ASSERT_ERRNO(tt_shm_alloc(fd, 4096, NULL, NULL), TT_DEAD_ERRNO);
	ASSERT_ERRNO(tt_cancel(fd, 0, l[1].sess), TT_DEAD_ERRNO);
	ASSERT_ERRNO(tt_close_session(fd, l[1].sess), TT_DEAD_ERRNO);
	/* the node is gone */
	ASSERT_ERRNO(open(nd.client, O_RDWR), ENOENT);
	/* mapped memory stays valid until unmapped */
	memset(m, 0x42, 4096);
	ASSERT_EQ(0, munmap(m, 4096));
	close(sfd);
	close(fd);
	close(fd2);
	/* the original device is unaffected */
	fd = ASSERT_SYS(tt_open_client(&self->d));
	ASSERT_LE(0, tt_open_echo(fd));
	close(fd);
}

TEST_F_TIMEOUT(life, del_device_with_supplicant_waiting, 60)
{
	struct tt_dev nd = { .num = -1 };
	struct tee_ioctl_param p[4];
	uint32_t func, num;
	int inst, pfd, st;
	char buf[16];
	pid_t pid;

	inst = add_dev(&nd);
	ASSERT_LE(0, inst);
	pfd = ASSERT_SYS(tt_open_priv(&nd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (tt_supp_recv(pfd, &func, p, &num, 4, true) == 0)
			_exit(1);
		_exit(errno == TT_DEAD_ERRNO ? 0 : 2);
	}
	tt_msleep(200);
	snprintf(buf, sizeof(buf), "%d", inst);
	ASSERT_EQ(0, tt_dbg_write("del_device", buf));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	ASSERT_ERRNO(tt_supp_recv(pfd, &func, p, &num, 4, true), TT_DEAD_ERRNO);
	close(pfd);
}

/* del_device of an instance that does not exist */
TEST_F(life, del_device_unknown)
{
	ASSERT_NE(0, tt_dbg_write("del_device", "99"));
	ASSERT_NE(0, tt_dbg_write("del_device", "junk"));
}

/*
 * rmmod of the test driver while its devices are open: fds do not pin the
 * driver module; the devices die and answer ENODEV; the core stays pinned.
 */
TEST_F_TIMEOUT(life, rmmod_driver_with_fds_open, 60)
{
	int fd, sfd, rc;
	int64_t s;
	uint8_t *m;

	fd = ASSERT_SYS(tt_open_client(&self->d));
	s = tt_open_echo(fd);
	ASSERT_LE(0, s);
	sfd = ASSERT_SYS(tt_shm_alloc(fd, 4096, NULL, NULL));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	/* the core is in use: it cannot go */
	ASSERT_NE(0, tt_rmmod(TT_CORE_MODULE));
	rc = tt_rmmod(TT_MODULE);
	ASSERT_EQ(0, rc);
	ASSERT_FALSE(tt_module_loaded(TT_MODULE));
	ASSERT_ERRNO(tt_invoke(fd, s, TT_CMD_NOP, 0, NULL, 0, NULL), TT_DEAD_ERRNO);
	ASSERT_ERRNO(tt_open_echo(fd), TT_DEAD_ERRNO);
	m[0] = 1;
	munmap(m, 4096);
	close(sfd);
	close(fd);
	/* leave the system as we found it */
	ASSERT_EQ(0, tt_modprobe(TT_MODULE, NULL));
	ASSERT_EQ(0, tt_setup(&self->d));
	fd = ASSERT_SYS(tt_open_client(&self->d));
	ASSERT_LE(0, tt_open_echo(fd));
	close(fd);
}

TEST_F_TIMEOUT(life, reload_modules, 60)
{
	ASSERT_EQ(0, tt_rmmod(TT_MODULE));
	ASSERT_EQ(0, tt_rmmod(TT_CORE_MODULE));
	ASSERT_FALSE(tt_module_loaded(TT_CORE_MODULE));
	ASSERT_EQ(0, tt_modprobe(TT_MODULE, "ndevs=3"));
	ASSERT_EQ(0, tt_setup(&self->d));
	{
		struct tt_dev devs[TT_MAX_DEVS];

		ASSERT_EQ(3, tt_find_devs(devs, TT_MAX_DEVS));
	}
	ASSERT_EQ(0, tt_rmmod(TT_MODULE));
	ASSERT_EQ(0, tt_modprobe(TT_MODULE, NULL));
	ASSERT_EQ(0, tt_setup(&self->d));
}

TEST_HARNESS_MAIN
