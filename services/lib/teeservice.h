/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libteeservice - writing teekit service daemons (docs/services.md).
 *
 * A service daemon registers a UUID with the driver and serves the plugin
 * calls that trusted applications make to that UUID
 * (tee_invoke_supp_plugin()), each in a thread of its own pool.
 *
 *   struct tees_service *s;
 *   tees_open(&s, "/dev/tee0", uuid);        register (needs privilege)
 *   ... drop privileges ...
 *   tees_run(s, handler, arg, 4);             serve with 4 threads until
 *                                             tees_stop() (or a fatal error)
 *   tees_close(s);
 *
 * Functions return 0 or a negative errno.
 */
#ifndef TEEKIT_TEESERVICE_H
#define TEEKIT_TEESERVICE_H

#include <stddef.h>
#include <stdint.h>

struct tees_service;

/* One request: data is both the TA's input and the answer's buffer. */
struct tees_request {
	uint32_t id;		/* kernel request id */
	uint32_t cmd;		/* the TA's cmd */
	uint32_t sub_cmd;	/* the TA's sub_cmd */
	void *data;		/* the TA's buffer (a copy), len bytes */
	size_t len;		/* its size: the most the answer may hold */
	size_t out_len;		/* the handler sets it (0 by default) */
};

/* Returns the TEEC result the TA sees; sets req->out_len. */
typedef uint32_t (*tees_handler)(void *arg, struct tees_request *req);

/* Open @dev (e.g. "/dev/tee0") and register @uuid (16 octets). */
int tees_open(struct tees_service **s, const char *dev,
	      const uint8_t uuid[16]);
/* Register on an fd the caller opened (it stays the caller's). */
int tees_open_fd(struct tees_service **s, int fd, const uint8_t uuid[16]);
/*
 * Serve with @nthreads threads (>= 1) calling @h; returns 0 after
 * tees_stop(), or the first fatal error of a thread.
 */
int tees_run(struct tees_service *s, tees_handler h, void *arg,
	     unsigned int nthreads);
/*
 * Unregister: pending requests fail with TEEC_ERROR_TARGET_DEAD, tees_run
 * returns.  Async-signal-safe.
 */
void tees_stop(struct tees_service *s);
/* Free @s (after tees_run returned); closes the fd if tees_open made it. */
void tees_close(struct tees_service *s);

/* Low level, for loops of one's own (answers may come in any order). */
int tees_recv(struct tees_service *s, struct tees_request *req, void *buf,
	      size_t buf_len, size_t *needed);
int tees_send(struct tees_service *s, uint32_t id, uint32_t ret,
	      const void *buf, size_t out_len);

int tees_fd(const struct tees_service *s);
uint32_t tees_id(const struct tees_service *s);
/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" -> 16 octets; 0 or -EINVAL */
int tees_uuid_parse(const char *str, uint8_t uuid[16]);

#endif /* TEEKIT_TEESERVICE_H */
