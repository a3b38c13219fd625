// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit-svc-echo - an example service daemon (docs/services.md).
 *
 * Registers a service UUID, drops to --user, then serves TAs'
 * tee_invoke_supp_plugin() calls with a pool of threads:
 *
 *   cmd 0 ECHO   the data comes back unchanged (out_len = its size)
 *   cmd 1 CLOCK  8 bytes: CLOCK_REALTIME in ns, little-endian
 *                (TEEC_ERROR_SHORT_BUFFER with out_len 8 if it does not fit)
 *   cmd 2 SLEEP  sleep sub_cmd ms, then ECHO (for tests: out-of-order)
 *   cmd 3 LOG    the data, as text, goes to standard error
 *   other        TEEC_ERROR_NOT_SUPPORTED
 *
 * Prints "ready" on standard output once it serves; SIGTERM/SIGINT stop it
 * cleanly (pending requests fail with TEEC_ERROR_TARGET_DEAD).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "teeservice.h"

#define DEFAULT_UUID	"7e57c000-0000-4000-8000-000000000001"
#define DEFAULT_DEV	"/dev/tee0"

#define TEEC_SUCCESS			0x00000000u
#define TEEC_ERROR_NOT_SUPPORTED	0xFFFF000Au
#define TEEC_ERROR_SHORT_BUFFER		0xFFFF0010u

enum { CMD_ECHO, CMD_CLOCK, CMD_SLEEP, CMD_LOG };

static struct tees_service *svc;

static uint32_t handle(void *arg, struct tees_request *req)
{
	struct timespec ts;
	uint64_t ns;
	int i;

	(void)arg;
	switch (req->cmd) {
	case CMD_SLEEP:
		ts.tv_sec = req->sub_cmd / 1000;
		ts.tv_nsec = (long)(req->sub_cmd % 1000) * 1000000;
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
		/* fall through */
	case CMD_ECHO:
		req->out_len = req->len;
		return TEEC_SUCCESS;
	case CMD_CLOCK:
		req->out_len = 8;
		if (req->len < 8)
			return TEEC_ERROR_SHORT_BUFFER;
		clock_gettime(CLOCK_REALTIME, &ts);
		ns = (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
		for (i = 0; i < 8; i++)
			((uint8_t *)req->data)[i] = ns >> (8 * i);
		return TEEC_SUCCESS;
	case CMD_LOG:
		fprintf(stderr, "ta: %.*s\n", (int)req->len,
			(const char *)req->data);
		return TEEC_SUCCESS;
	default:
		return TEEC_ERROR_NOT_SUPPORTED;
	}
}

static void *sig_thread(void *p)
{
	sigset_t *set = p;
	int sig;

	sigwait(set, &sig);
	tees_stop(svc);
	return NULL;
}

static int drop_to(const char *user)
{
	struct passwd *pw = getpwnam(user);

	if (!pw) {
		fprintf(stderr, "teekit-svc-echo: no user '%s'\n", user);
		return -1;
	}
	if (setgroups(0, NULL) || setgid(pw->pw_gid) || setuid(pw->pw_uid)) {
		perror("teekit-svc-echo: dropping privileges");
		return -1;
	}
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: teekit-svc-echo [OPTIONS]\n"
		"  -d, --device DEV   client device node (%s)\n"
		"  -u, --uuid UUID    service UUID (%s)\n"
		"  -t, --threads N    serving threads (4)\n"
		"  -U, --user USER    run as USER after registering\n"
		"  -h, --help\n", DEFAULT_DEV, DEFAULT_UUID);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "uuid", required_argument, NULL, 'u' },
		{ "threads", required_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dev = DEFAULT_DEV, *uuid_s = DEFAULT_UUID, *user = NULL;
	unsigned int threads = 4;
	uint8_t uuid[16];
	sigset_t set;
	pthread_t st;
	int c, rc;

	while ((c = getopt_long(argc, argv, "d:u:t:U:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev = optarg;
			break;
		case 'u':
			uuid_s = optarg;
			break;
		case 't':
			threads = strtoul(optarg, NULL, 0);
			break;
		case 'U':
			user = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (tees_uuid_parse(uuid_s, uuid) || !threads || threads > 1024) {
		usage(stderr);
		return 2;
	}

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	rc = tees_open(&svc, dev, uuid);
	if (rc) {
		fprintf(stderr, "teekit-svc-echo: registering %s on %s: %s%s\n",
			uuid_s, dev, strerror(-rc),
			rc == -EPERM ? " (needs CAP_SYS_ADMIN or the group of the teekit module parameter service_gid)" :
			rc == -EEXIST ? " (another daemon serves this UUID)" : "");
		return 1;
	}
	if (user && drop_to(user)) {
		tees_close(svc);
		return 1;
	}
	if (pthread_create(&st, NULL, sig_thread, &set)) {
		tees_close(svc);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);

	rc = tees_run(svc, handle, NULL, threads);
	if (rc)
		fprintf(stderr, "teekit-svc-echo: %s\n", strerror(-rc));
	pthread_cancel(st);
	pthread_join(st, NULL);
	tees_close(svc);
	return rc ? 1 : 0;
}
