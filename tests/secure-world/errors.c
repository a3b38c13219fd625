// SPDX-License-Identifier: GPL-2.0-only
/*
 * secure-world/errors: the client's explanation names the part of the
 * stack at fault (issue 17 item 1, decision 1701): teekit-tos not running,
 * tee-supplicant not running, a TA refused (unsigned, untrusted key, an
 * undefined symbol) or dying while it starts, and a status socket that lies or stalls does not
 * change the result nor hang the client.
 */
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <tee_client_api.h>
#include <teekit_teec.h>

#include "harness.h"
#include "tee_stack.h"
#include "test_ta.h"

#define TOS		"/usr/sbin/teekit-tos"
#define TOS_LOG		"/tmp/teekit-tos-errors.log"
#define TA_DIR		"/lib/optee_armtz"
#define FAKE_SOCK	"/tmp/fake-tos.sock"

static bool has(const char *s, const char *word)
{
	return s && strstr(s, word);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* 0 once teekit-tos answers on its status socket (up to 4 s) */
static int wait_status_socket(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int i, fd, rc;

	strcpy(a.sun_path, "/run/teekit/tos.sock");
	for (i = 0; i < 200; i++) {
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
		close(fd);
		if (!rc)
			return 0;
		usleep(20000);
	}
	return -1;
}

/* teekit-tos in the foreground; with @ta_dir it loads TAs itself */
static pid_t tos_start(bool ta_dir)
{
	const char *argv[] = { TOS, "--foreground", "--log", TOS_LOG,
			       ta_dir ? "--ta-dir" : NULL, TA_DIR, NULL };
	pid_t pid;

	pid = fork();
	if (!pid) {
		execv(TOS, (char **)argv);
		_exit(127);
	}
	/* without a supplicant an open would wait for one: ask the socket */
	if (ta_dir ? tt_wait_emulator() : wait_status_socket())
		return -1;
	return pid;
}

/* Open @uuid on the sim TEE; the result, its origin and the explanation */
static TEEC_Result open_ta(const char *uuid, uint32_t *origin, char *why,
			   size_t len)
{
	TEEC_Context c;
	TEEC_Session s;
	TEEC_Result r;
	TEEC_UUID u;

	*origin = 0;
	r = TEEC_InitializeContext("teekit-sim", &c);
	if (r != TEEC_SUCCESS) {
		snprintf(why, len, "%s", teekit_teec_explain(r, TEEC_ORIGIN_COMMS));
		*origin = TEEC_ORIGIN_COMMS;
		return r;
	}
	tt_teec_uuid(uuid, &u);
	r = TEEC_OpenSession(&c, &s, &u, TEEC_LOGIN_PUBLIC, NULL, NULL, origin);
	snprintf(why, len, "%s", teekit_teec_explain(r, *origin));
	if (r == TEEC_SUCCESS)
		TEEC_CloseSession(&s);
	TEEC_FinalizeContext(&c);
	return r;
}

FIXTURE(errs) {
	pid_t tos;
};

FIXTURE_SETUP(errs)
{
	unlink(TOS_LOG);
	if (access("/dev/teekit_sim", F_OK))
		ASSERT_EQ(0, system("modprobe teekit_sim"));
	/* these tests need the stack in a known state: no supplicant */
	ASSERT_NE(0, system("pidof tee-supplicant >/dev/null"));
	self->tos = -1;
}

FIXTURE_TEARDOWN(errs)
{
	tt_stop_daemon(self->tos);
	if (_metadata && th_in_teardown(_metadata))
		EXPECT_LE(0, system("cat " TOS_LOG));
}

static void refusal_explained(struct th_meta *_metadata, const char *uuid,
			      TEEC_Result want, const char *word)
{
	char why[1024];
	uint32_t o;

	EXPECT_EQ(want, open_ta(uuid, &o, why, sizeof(why)));
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
	TH_LOG("%s: %s", uuid, why);
	EXPECT_TRUE(has(why, word));
	EXPECT_TRUE(has(why, uuid));
}

TEST_F(errs, refusal_reason_reaches_the_client)
{
	self->tos = tos_start(true);
	ASSERT_LT(0, self->tos);
	refusal_explained(_metadata, TEST_TA_UUID(06), TEEC_ERROR_SECURITY,
			  "unsigned");
	refusal_explained(_metadata, TEST_TA_UUID(0a), TEEC_ERROR_SECURITY,
			  "signed by an untrusted key (key id");
	refusal_explained(_metadata, TEST_TA_UUID(14), TEEC_ERROR_BAD_FORMAT,
			  "undefined symbol: TEE_TeekitNoSuchFunction");
	refusal_explained(_metadata, TEST_TA_UUID(ff), TEEC_ERROR_ITEM_NOT_FOUND,
			  "not found");
}

TEST_F(errs, instance_dying_while_starting_is_explained)
{
	self->tos = tos_start(true);
	ASSERT_LT(0, self->tos);
	/* the hostile TA whose constructor calls socket(): killed by seccomp */
	refusal_explained(_metadata, TEST_TA_UUID(0d), TEEC_ERROR_GENERIC,
			  "ended before it was ready");
}

TEST_F(errs, no_emulator_is_named_at_once)
{
	char why[1024];
	double t0 = now_s();
	uint32_t o;

	/* nothing attached to the sim driver's OS channel */
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION,
		  open_ta(TEST_TA_UUID(01), &o, why, sizeof(why)));
	EXPECT_EQ(TEEC_ORIGIN_COMMS, o);
	EXPECT_GT(1.0, now_s() - t0);
	TH_LOG("%s", why);
	EXPECT_TRUE(has(why, "teekit-tos"));
	EXPECT_TRUE(has(why, "teekit-up"));
	EXPECT_FALSE(has(why, "tee-supplicant"));
}

TEST_F(errs, no_supplicant_is_named)
{
	long long old = tt_param_read("teekit", "supp_timeout_ms");
	char why[1024];
	uint32_t o;

	ASSERT_LT(0, old);
	ASSERT_EQ(0, tt_param_write("teekit", "supp_timeout_ms", 300));
	self->tos = tos_start(false);
	EXPECT_LT(0, self->tos);
	EXPECT_EQ(TEEC_ERROR_COMMUNICATION,
		  open_ta(TEST_TA_UUID(01), &o, why, sizeof(why)));
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
	TH_LOG("%s", why);
	EXPECT_TRUE(has(why, "no tee-supplicant answered"));
	EXPECT_TRUE(has(why, "tee-supplicant --daemonize"));
	EXPECT_EQ(0, tt_param_write("teekit", "supp_timeout_ms", old));
}

/* a fake status socket: answers every connection with @reply, or stalls */
struct fake {
	int fd;
	const char *reply;
	int conns;
};

static void *fake_serve(void *arg)
{
	struct fake *f = arg;
	char buf[256];
	int c;

	for (;;) {
		c = accept(f->fd, NULL, NULL);
		if (c < 0)
			return NULL;
		f->conns++;
		if (recv(c, buf, sizeof(buf), 0) <= 0) {
			close(c);
			continue;
		}
		if (f->reply) {
			/* the client may have gone: nothing to check */
			if (send(c, f->reply, strlen(f->reply), MSG_NOSIGNAL) < 0)
				f->reply = f->reply;
		} else {
			sleep(5);	/* the client must give up first */
		}
		close(c);
	}
}

static void lying_socket(struct th_meta *_metadata, pid_t *tos,
			 const char *reply)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct fake f = { .reply = reply };
	char why[1024];
	pthread_t th;
	double t0;
	uint32_t o;

	*tos = tos_start(true);
	ASSERT_LT(0, *tos);
	unlink(FAKE_SOCK);
	strcpy(a.sun_path, FAKE_SOCK);
	f.fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_LE(0, f.fd);
	ASSERT_EQ(0, bind(f.fd, (struct sockaddr *)&a, sizeof(a)));
	ASSERT_EQ(0, listen(f.fd, 4));
	ASSERT_EQ(0, pthread_create(&th, NULL, fake_serve, &f));
	setenv("TEEKIT_TOS_SOCKET", FAKE_SOCK, 1);
	t0 = now_s();
	EXPECT_EQ(TEEC_ERROR_SECURITY,
		  open_ta(TEST_TA_UUID(06), &o, why, sizeof(why)));
	EXPECT_GT(3.0, now_s() - t0);
	EXPECT_EQ(TEEC_ORIGIN_TEE, o);
	EXPECT_EQ(1, f.conns);
	TH_LOG("%s", why);
	/* the generic sentence, not the liar's words */
	EXPECT_STREQ(teekit_teec_explain(TEEC_ERROR_SECURITY, TEEC_ORIGIN_TEE),
		     why);
	EXPECT_FALSE(has(why, "LIE"));
	unsetenv("TEEKIT_TOS_SOCKET");
	shutdown(f.fd, SHUT_RDWR);
	close(f.fd);
	unlink(FAKE_SOCK);
}

TEST_F(errs, lying_socket_other_result)
{
	/* a reason recorded for another result is not this call's */
	lying_socket(_metadata, &self->tos, "refused 0xffff0008 0 LIE\n");
}

TEST_F(errs, lying_socket_old_reason)
{
	lying_socket(_metadata, &self->tos, "refused 0xffff000f 999 LIE\n");
}

TEST_F(errs, lying_socket_garbage)
{
	static char big[8192];

	memset(big, 'A', sizeof(big) - 1);
	lying_socket(_metadata, &self->tos, big);
}

TEST_F(errs, stalling_socket_does_not_hang)
{
	lying_socket(_metadata, &self->tos, NULL);
}

TEST_HARNESS_MAIN
