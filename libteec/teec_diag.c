// SPDX-License-Identifier: BSD-2-Clause
/*
 * teec_diag.c - which part of the stack is at fault when a call failed
 * (decision 1701). Runs only on the error path, after the call:
 *
 *  - no device: is the teekit_sim module loaded at all?
 *  - COMMUNICATION from the driver on teekit's sim TEE: does teekit-tos
 *    answer on its status socket? (the driver fails a call at once when
 *    no emulator is attached);
 *  - any failed open that the secure world answered (origin TEE): the
 *    emulator's own reason for that TA ("why UUID" on the status socket:
 *    unsigned, untrusted key, undefined symbol, no supplicant...), if it
 *    is recent and for the same result.
 *
 * The result is recorded with teec_detail_set() for teekit_teec_explain().
 * Nothing here changes the result or origin the caller gets.
 */
#define _GNU_SOURCE	/* secure_getenv */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/tee.h>

#include "teec_private.h"

#define TEEC_TOS_SOCKET		"/run/teekit/tos.sock"
#define TEEC_WHY_MAX_AGE_S	30	/* an older reason is not this call's */

static const char *teec_tos_socket(void)
{
	const char *env = secure_getenv("TEEKIT_TOS_SOCKET");

	return env && env[0] ? env : TEEC_TOS_SOCKET;
}

/* Is @fd a device of teekit's sim driver (OP-TEE's impl id, teekit_sim loaded)? */
static bool teec_is_sim(int fd)
{
	struct tee_ioctl_version_data v;

	if (ioctl(fd, TEE_IOC_VERSION, &v))
		return false;
	return v.impl_id == TEE_IMPL_ID_OPTEE &&
	       !access("/sys/module/teekit_sim", F_OK);
}

/*
 * One request to the emulator's status socket; the first line of the
 * answer in @ans. 0, or -errno of the connection (ENOENT, ECONNREFUSED:
 * no emulator serves it; EACCES: the caller is not in group teeclnt).
 */
static int teec_tos_ask(const char *req, char *ans, size_t len)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 1 };
	const char *path = teec_tos_socket();
	size_t got = 0;
	ssize_t n;
	int fd, err;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    send(fd, req, strlen(req), MSG_NOSIGNAL) < 0) {
		err = -errno;
		goto out;
	}
	while (got < len - 1) {
		n = recv(fd, ans + got, len - 1 - got, 0);
		if (n <= 0)
			break;
		got += n;
	}
	ans[got] = 0;
	ans[strcspn(ans, "\n")] = 0;
	err = 0;
out:
	close(fd);
	return err;
}

static void teec_uuid_string(const TEEC_UUID *u, char out[37])
{
	const uint8_t *c = u->clockSeqAndNode;

	snprintf(out, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u->timeLow, u->timeMid, u->timeHiAndVersion, c[0], c[1], c[2],
		 c[3], c[4], c[5], c[6], c[7]);
}

static void teec_diag_no_device(TEEC_Result res, uint32_t origin)
{
	if (!access("/dev/tee0", F_OK))
		return;
	if (access("/sys/module/teekit", F_OK))
		teec_detail_set(res, origin,
				"no TEE device: teekit's kernel modules are not loaded; load them with "
				"'modprobe teekit_sim' (or start the whole stack with teekit-up)");
	else if (access("/sys/module/teekit_sim", F_OK))
		teec_detail_set(res, origin,
				"no TEE device: teekit.ko is loaded but no driver registered a device; "
				"load the sim driver with 'modprobe teekit_sim' (or teekit-up)");
}

static void teec_diag_no_emulator(TEEC_Result res, uint32_t origin)
{
	char ans[128];
	int err = teec_tos_ask("version\n", ans, sizeof(ans));

	if (err != -ENOENT && err != -ECONNREFUSED)
		return;
	teec_detail_set(res, origin,
			"the secure world is not running: teekit-tos (the trusted-OS emulator) "
			"does not answer on %s; start it with 'teekit-tos --log "
			"/var/log/teekit-tos.log' (or the whole stack with teekit-up)",
			teec_tos_socket());
}

static void teec_diag_refused(const TEEC_UUID *uuid, TEEC_Result res,
			      uint32_t origin)
{
	char req[64], ans[512], u[37], *why;
	unsigned long code;
	long age;
	int off = 0;

	teec_uuid_string(uuid, u);
	snprintf(req, sizeof(req), "why %s\n", u);
	if (teec_tos_ask(req, ans, sizeof(ans)))
		return;
	if (sscanf(ans, "refused %lx %ld %n", &code, &age, &off) != 2 || !off)
		return;
	if (code != res || age < 0 || age > TEEC_WHY_MAX_AGE_S)
		return;
	why = ans + off;
	teec_detail_set(res, origin, "the secure world could not open TA %s: %s", u,
			why);
}

void teec_diagnose(int fd, const TEEC_UUID *uuid, TEEC_Result res,
		   uint32_t origin)
{
	if (res == TEEC_SUCCESS || origin == TEEC_ORIGIN_TRUSTED_APP ||
	    origin == TEEC_ORIGIN_API)
		return;
	if (fd < 0) {
		if (res == TEEC_ERROR_ITEM_NOT_FOUND)
			teec_diag_no_device(res, origin);
		return;
	}
	if (!teec_is_sim(fd))
		return;
	if (origin == TEEC_ORIGIN_COMMS && res == TEEC_ERROR_COMMUNICATION)
		teec_diag_no_emulator(res, origin);
	else if (origin == TEEC_ORIGIN_TEE && uuid)
		teec_diag_refused(uuid, res, origin);
}
