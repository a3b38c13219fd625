// SPDX-License-Identifier: BSD-2-Clause
/*
 * teekit-ex-auditd - the service daemon of the service_daemon example: an
 * audit log in the normal world that TAs append to.
 *
 * It registers its service UUID with the TEE driver (libteeservice, which
 * needs CAP_SYS_ADMIN or the teekit module's service_gid), prints "ready",
 * and serves with one thread (so the sequence numbers need no lock): each
 * AUDIT_CMD_APPEND request is one line, written to the log file as
 * "<seq> <line>", and the answer is <seq>. A TA calls it exactly as it
 * calls a tee-supplicant plugin, tee_invoke_supp_plugin(); requests to the
 * UUID reach this process while it runs, and tee-supplicant (which has no
 * such plugin: TEEC_ERROR_ITEM_NOT_FOUND) when it does not.
 *
 * Usage: teekit-ex-auditd [--device /dev/tee0] [--log FILE]
 *        (default log /var/log/teekit-ex-audit.log); SIGTERM stops it.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teeservice.h"
#include <service_daemon_ta.h>

#define TEEC_SUCCESS			0x00000000u
#define TEEC_ERROR_BAD_FORMAT		0xFFFF0005u
#define TEEC_ERROR_NOT_SUPPORTED	0xFFFF000Au
#define TEEC_ERROR_SHORT_BUFFER		0xFFFF0010u

static struct tees_service *svc;
static FILE *log_file;
static uint32_t seq;

static uint32_t handle(void *arg, struct tees_request *req)
{
	const char *line = req->data;
	uint8_t *out = req->data;
	size_t i;

	(void)arg;
	if (req->cmd != AUDIT_CMD_APPEND)
		return TEEC_ERROR_NOT_SUPPORTED;
	if (req->len < 4) {
		req->out_len = 4;
		return TEEC_ERROR_SHORT_BUFFER;
	}
	/* one line of printable text, nothing that could forge a second */
	for (i = 0; i < req->len; i++)
		if (line[i] < ' ' || line[i] > '~')
			return TEEC_ERROR_BAD_FORMAT;
	seq++;
	fprintf(log_file, "%u %.*s\n", seq, (int)req->len, line);
	fflush(log_file);
	for (i = 0; i < 4; i++)
		out[i] = seq >> (8 * i);
	req->out_len = 4;
	return TEEC_SUCCESS;
}

static void *sig_thread(void *p)
{
	int sig;

	sigwait(p, &sig);
	tees_stop(svc);
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct { uint32_t a; uint16_t b, c; uint8_t d[8]; }
		u = AUDITD_SERVICE_UUID;
	const char *dev = "/dev/tee0", *path = "/var/log/teekit-ex-audit.log";
	uint8_t uuid[16];
	sigset_t set;
	pthread_t st;
	int i, rc;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--device"))
			dev = argv[i + 1];
		else if (!strcmp(argv[i], "--log"))
			path = argv[i + 1];
		else
			break;
	}
	if (i != argc) {
		fprintf(stderr, "usage: teekit-ex-auditd [--device DEV] [--log FILE]\n");
		return 2;
	}
	/* the UUID's 16 octets in RFC 4122 order */
	for (i = 0; i < 4; i++)
		uuid[i] = u.a >> (24 - 8 * i);
	uuid[4] = u.b >> 8;
	uuid[5] = u.b;
	uuid[6] = u.c >> 8;
	uuid[7] = u.c;
	memcpy(uuid + 8, u.d, 8);

	log_file = fopen(path, "a");
	if (!log_file) {
		fprintf(stderr, "teekit-ex-auditd: %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	rc = tees_open(&svc, dev, uuid);
	if (rc) {
		fprintf(stderr, "teekit-ex-auditd: registering with %s: %s%s\n",
			dev, strerror(-rc), rc == -EPERM ?
			" (run it as root, or in the group of the teekit module parameter service_gid)" :
			rc == -EEXIST ? " (another teekit-ex-auditd runs)" : "");
		return 1;
	}
	if (pthread_create(&st, NULL, sig_thread, &set)) {
		tees_close(svc);
		return 1;
	}
	printf("teekit-ex-auditd: ready, appending to %s\n", path);
	fflush(stdout);
	rc = tees_run(svc, handle, NULL, 1);
	if (rc)
		fprintf(stderr, "teekit-ex-auditd: %s\n", strerror(-rc));
	pthread_cancel(st);
	pthread_join(st, NULL);
	tees_close(svc);
	fclose(log_file);
	return rc ? 1 : 0;
}
