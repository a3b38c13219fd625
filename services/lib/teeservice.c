// SPDX-License-Identifier: BSD-2-Clause
/*
 * libteeservice - see teeservice.h and docs/services.md.
 *
 * Each thread of tees_run() loops RECV -> handler -> SEND with a buffer of
 * its own, grown when the kernel says a request needs more (EMSGSIZE).
 * tees_stop() unregisters; every blocked RECV then fails with ENOENT and
 * the threads end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/teekit.h>

#include "teeservice.h"

#define TEES_INITIAL_BUF	4096

struct tees_service {
	int fd;
	int own_fd;
	uint32_t id;
	volatile sig_atomic_t stopped;
	tees_handler h;
	void *arg;
	pthread_mutex_t lock;	/* err */
	int err;		/* first fatal error of a thread */
};

int tees_fd(const struct tees_service *s)
{
	return s->fd;
}

uint32_t tees_id(const struct tees_service *s)
{
	return s->id;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int tees_uuid_parse(const char *str, uint8_t uuid[16])
{
	int i, n = 0, hi, lo;

	if (!str || strlen(str) != 36)
		return -EINVAL;
	for (i = 0; i < 36; ) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (str[i++] != '-')
				return -EINVAL;
			continue;
		}
		hi = hexval(str[i]);
		lo = hexval(str[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		uuid[n++] = hi << 4 | lo;
		i += 2;
	}
	return 0;
}

int tees_open_fd(struct tees_service **sp, int fd, const uint8_t uuid[16])
{
	struct teekit_ioctl_service_register r;
	struct tees_service *s;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	memset(&r, 0, sizeof(r));
	memcpy(r.uuid, uuid, sizeof(r.uuid));
	if (ioctl(fd, TEEKIT_IOC_SERVICE_REGISTER, &r)) {
		int rc = -errno;

		free(s);
		return rc;
	}
	s->fd = fd;
	s->own_fd = 0;
	s->id = r.service_id;
	pthread_mutex_init(&s->lock, NULL);
	*sp = s;
	return 0;
}

int tees_open(struct tees_service **sp, const char *dev,
	      const uint8_t uuid[16])
{
	int fd, rc;

	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = tees_open_fd(sp, fd, uuid);
	if (rc) {
		close(fd);
		return rc;
	}
	(*sp)->own_fd = 1;
	return 0;
}

int tees_recv(struct tees_service *s, struct tees_request *req, void *buf,
	      size_t buf_len, size_t *needed)
{
	struct teekit_ioctl_service_recv r;

	if (buf_len > TEEKIT_SERVICE_MAX_DATA)
		buf_len = TEEKIT_SERVICE_MAX_DATA;
	memset(&r, 0, sizeof(r));
	r.service_id = s->id;
	r.buf = (uintptr_t)buf;
	r.buf_len = buf_len;
	if (ioctl(s->fd, TEEKIT_IOC_SERVICE_RECV, &r)) {
		int rc = -errno;

		if (rc == -EMSGSIZE && needed)
			*needed = r.data_len;
		return rc;
	}
	req->id = r.req_id;
	req->cmd = r.cmd;
	req->sub_cmd = r.sub_cmd;
	req->data = buf;
	req->len = r.data_len;
	req->out_len = 0;
	return 0;
}

int tees_send(struct tees_service *s, uint32_t id, uint32_t ret,
	      const void *buf, size_t out_len)
{
	struct teekit_ioctl_service_send a;

	memset(&a, 0, sizeof(a));
	a.req_id = id;
	a.ret = ret;
	a.buf = (uintptr_t)buf;
	a.out_len = out_len > UINT32_MAX ? UINT32_MAX : out_len;
	if (ioctl(s->fd, TEEKIT_IOC_SERVICE_SEND, &a))
		return -errno;
	return 0;
}

static void set_err(struct tees_service *s, int err)
{
	pthread_mutex_lock(&s->lock);
	if (!s->err)
		s->err = err;
	pthread_mutex_unlock(&s->lock);
}

static void *tees_thread(void *p)
{
	struct tees_service *s = p;
	size_t cap = TEES_INITIAL_BUF, needed;
	struct tees_request req;
	char *buf = malloc(cap);
	uint32_t ret;
	int rc;

	if (!buf) {
		set_err(s, -ENOMEM);
		tees_stop(s);
		return NULL;
	}
	for (;;) {
		rc = tees_recv(s, &req, buf, cap, &needed);
		if (rc == -EINTR)
			continue;
		if (rc == -EMSGSIZE) {
			char *nb = realloc(buf, needed);

			if (!nb) {
				set_err(s, -ENOMEM);
				tees_stop(s);
				break;
			}
			buf = nb;
			cap = needed;
			continue;
		}
		if (rc == -ENOENT && s->stopped)
			break;		/* tees_stop() */
		if (rc) {
			set_err(s, rc);
			tees_stop(s);
			break;
		}
		ret = s->h(s->arg, &req);
		if (req.out_len > UINT32_MAX)
			req.out_len = req.len;
		rc = tees_send(s, req.id, ret, req.data, req.out_len);
		/* ENOENT: the caller went away meanwhile, not our problem */
		if (rc && rc != -ENOENT) {
			set_err(s, rc);
			tees_stop(s);
			break;
		}
	}
	free(buf);
	return NULL;
}

int tees_run(struct tees_service *s, tees_handler h, void *arg,
	     unsigned int nthreads)
{
	pthread_t *t;
	unsigned int n, started;
	int rc = 0;

	if (!h || !nthreads || nthreads > 1024)
		return -EINVAL;
	t = calloc(nthreads, sizeof(*t));
	if (!t)
		return -ENOMEM;
	s->h = h;
	s->arg = arg;
	for (started = 0; started < nthreads; started++) {
		rc = -pthread_create(&t[started], NULL, tees_thread, s);
		if (rc)
			break;
	}
	if (rc) {
		set_err(s, rc);
		tees_stop(s);
	}
	for (n = 0; n < started; n++)
		pthread_join(t[n], NULL);
	free(t);
	return s->err;
}

void tees_stop(struct tees_service *s)
{
	struct teekit_ioctl_service_unregister u = { .service_id = s->id };

	s->stopped = 1;
	/* ENOENT when already unregistered: fine */
	ioctl(s->fd, TEEKIT_IOC_SERVICE_UNREGISTER, &u);
}

void tees_close(struct tees_service *s)
{
	if (!s)
		return;
	if (!s->stopped)
		tees_stop(s);
	if (s->own_fd)
		close(s->fd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
