// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's tracepoints (core/tee_trace.h): one event per open, invoke,
 * cancel, close and supplicant round trip, each with its duration in ns.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "teetest.h"

#define TRACING "/sys/kernel/tracing"
#define SLEEP_MS 40

/* The trace buffer is cleared by opening it with O_TRUNC. */
static int clear_trace(void)
{
	int fd = open(TRACING "/trace", O_WRONLY | O_TRUNC);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

FIXTURE(tr) {
	struct tt_dev d;
	int fd;
};

FIXTURE_SETUP(tr)
{
	ASSERT_SYS(tt_setup(&self->d));
	if (access(TRACING "/events/teekit/enable", W_OK))
		SKIP("no %s/events/teekit (tracefs not mounted?)", TRACING);
	ASSERT_EQ(0, tt_write_str(TRACING "/tracing_on", "0"));
	ASSERT_EQ(0, clear_trace());
	ASSERT_EQ(0, tt_write_str(TRACING "/events/teekit/enable", "1"));
	ASSERT_EQ(0, tt_write_str(TRACING "/tracing_on", "1"));
	self->fd = tt_open_client(&self->d);
	ASSERT_SYS(self->fd);
}

FIXTURE_TEARDOWN(tr)
{
	tt_write_str(TRACING "/events/teekit/enable", "0");
	close(self->fd);
}

/* The whole trace buffer as one string (caller frees). */
static char *read_trace(void)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	ssize_t n;
	int fd = open(TRACING "/trace", O_RDONLY);

	if (fd < 0 || !buf) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096) {
			char *b = realloc(buf, cap *= 2);

			if (!b)
				break;
			buf = b;
		}
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* ns= of the first event @name whose line also contains @with. */
static long long event_ns(const char *trace, const char *name, const char *with)
{
	const char *p = trace;

	while ((p = strstr(p, name))) {
		const char *eol = strchr(p, '\n');
		const char *w = strstr(p, with);
		const char *ns = strstr(p, "ns=");

		if (w && ns && (!eol || (w < eol && ns < eol)))
			return atoll(ns + 3);
		p += strlen(name);
	}
	return -1;
}

static void *answer_one(void *arg)
{
	int pfd = *(int *)arg;
	struct tee_ioctl_param p[6];
	uint32_t func, num;

	if (tt_supp_recv(pfd, &func, p, &num, 6, true))
		return (void *)1;
	tt_param(&p[0], TT_META | TT_VAL_INOUT, p[0].a, 0, 0);
	tt_param(&p[1], TT_VAL_INOUT, 0, 0, 0);
	return (void *)(intptr_t)tt_supp_send(pfd, 0, p, 2);
}

TEST_F(tr, every_round_trip_has_an_event_with_duration)
{
	struct tee_ioctl_param p[2];
	struct tt_res r;
	pthread_t th;
	void *thr_rc;
	char *trace;
	int64_t s;
	int pfd;

	s = tt_open_echo(self->fd);
	ASSERT_GE(s, 0);

	tt_param(&p[0], TT_VAL_IN, SLEEP_MS, 0, 0);
	ASSERT_EQ(0, tt_invoke(self->fd, s, TT_CMD_SLEEP, 0, p, 1, &r));
	ASSERT_EQ(TEEC_SUCCESS, r.ret);

	ASSERT_EQ(0, tt_cancel(self->fd, 4242, s));

	pfd = tt_open_priv(&self->d);
	ASSERT_SYS(pfd);
	ASSERT_EQ(0, pthread_create(&th, NULL, answer_one, &pfd));
	tt_param(&p[0], TT_VAL_IN, 77, 0, 0);
	tt_param(&p[1], TT_VAL_INOUT, 1, 0, 0);
	ASSERT_EQ(0, tt_invoke(self->fd, s, TT_CMD_SUPP, 0, p, 2, &r));
	ASSERT_EQ(0, pthread_join(th, &thr_rc));
	ASSERT_EQ(NULL, thr_rc);
	ASSERT_EQ(TEEC_SUCCESS, r.ret);
	close(pfd);

	ASSERT_EQ(0, tt_close_session(self->fd, s));

	trace = read_trace();
	ASSERT_TRUE(trace != NULL);
	/* diagnostics: shown by tests/check only when something fails */
	for (char *l = strtok(strdup(trace), "\n"); l; l = strtok(NULL, "\n"))
		if (strstr(l, " tee_"))
			TH_LOG("%s", l);
	EXPECT_GE(event_ns(trace, "tee_open_session:", "rc=0"), 0);
	/* the SLEEP invoke (func=4) lasted at least its sleep */
	EXPECT_GE(event_ns(trace, "tee_invoke:", "func=4 "), SLEEP_MS * 1000000LL);
	EXPECT_GE(event_ns(trace, "tee_cancel:", "cancel_id=4242"), 0);
	EXPECT_GE(event_ns(trace, "tee_supp_req:", "func=77"), 0);
	EXPECT_GE(event_ns(trace, "tee_close_session:", "rc=0"), 0);
	free(trace);
}

TEST_F(tr, disabled_events_record_nothing)
{
	char *trace;
	int64_t s;

	ASSERT_EQ(0, tt_write_str(TRACING "/events/teekit/enable", "0"));
	ASSERT_EQ(0, clear_trace());
	s = tt_open_echo(self->fd);
	ASSERT_GE(s, 0);
	ASSERT_EQ(0, tt_close_session(self->fd, s));
	trace = read_trace();
	ASSERT_TRUE(trace != NULL);
	EXPECT_EQ(NULL, strstr(trace, "tee_open_session:"));
	free(trace);
}

TEST_HARNESS_MAIN
