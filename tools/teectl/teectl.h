/* SPDX-License-Identifier: GPL-2.0-only */
/* teectl.h - what the files of teectl share. */
#ifndef TEECTL_H
#define TEECTL_H

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAIL = 1,	/* the operation failed */
	EXIT_USAGE = 2,	/* bad command line */
	EXIT_NODEV = 3,	/* no TEE device */
};

extern int json;

/* teectl invoke ARGS (argv after "invoke") */
int cmd_invoke(int argc, char **argv);

#endif /* TEECTL_H */
