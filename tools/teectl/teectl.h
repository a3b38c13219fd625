/* SPDX-License-Identifier: GPL-2.0-only */
/* teectl.h - what the files of teectl share. */
#ifndef TEECTL_H
#define TEECTL_H

#include <stdbool.h>
#include <stddef.h>

/* Exit codes: stable, documented in teectl(8) and docs/teectl.md. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the operation failed (or the TA returned an error) */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NODEV = 3,		/* no TEE device / subsystem */
	EXIT_PERM = 4,		/* permission denied: needs root or group teeclnt */
	EXIT_NOTFOUND = 5,	/* no such TA; the secure world is not running */
	EXIT_REFUSED = 6,	/* TA image refused (signature, format) */
};

#define SYSFS_TEE	"/sys/class/tee"
#define TOS_SOCKET	"/run/teekit/tos.sock"
#define TOS_LOG		"/var/log/teekit-tos.log"
#define SIM_STATE	"/sys/kernel/debug/teekit_sim/state"
#define CORE_DEBUGFS	"/sys/kernel/debug/teekit"	/* DEV/clients */
#define TA_DIR		"/lib/optee_armtz"
#define TRUSTED_KEY	"/etc/teekit/ta-signing-key.pub.pem"

extern int json;

/* teectl.c */
void json_str(const char *s);		/* prints s as a JSON string */
/*
 * The names in @dir but dot files, those @want accepts (all if NULL),
 * sorted by @cmp; their count, or -1 with errno set if @dir cannot be read.
 */
int list_dir(const char *dir, bool (*want)(const char *name),
	     int (*cmp)(const void *a, const void *b), char ***names);
int list_devices(char ***names);	/* sorted tee* names; -1: no subsystem */
void free_devices(char **names, int n);
void print_counters(const char *dev, const char *sub, int *first,
		    const char *indent);
const char *errno_hint(int err);	/* " (join group ...)" or "" */

/* status.c: one request to teekit-tos's status socket; the answer in buf */
int tos_request(const char *req, char *buf, size_t len);
int cmd_status(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_limits(int argc, char **argv);

/* storage.c: teectl storage [info|limits|wipe|list|dump] */
int cmd_storage(int argc, char **argv);
/* ssinspect.c: teectl storage list|dump (@what), argv after it */
int cmd_storage_inspect(const char *what, int argc, char **argv);

/* ta.c */
int cmd_ta(int argc, char **argv);

/* invoke.c: teectl invoke ARGS (argv after "invoke") */
int cmd_invoke(int argc, char **argv);

#endif /* TEECTL_H */
