// SPDX-License-Identifier: GPL-2.0-only
/*
 * harness.c - runner for harness.h: test registry, fork per test, timeout,
 * kernel-log scan, TAP output.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include "harness.h"

enum th_result { TH_PASS, TH_FAIL, TH_SKIP };

/* Shared between the test child and the runner (MAP_SHARED page). */
struct th_shared {
	int result;
	char skip_reason[200];
};

struct th_meta {
	struct th_shared *sh;
	sigjmp_buf env;
	bool in_teardown;
	bool set_up;		/* fixture setup completed */
	pthread_t main_thread;
};

static struct th_test *tests, **tests_tail = &tests;
static struct th_meta *current;

void th_register_test(struct th_test *t)
{
	*tests_tail = t;
	tests_tail = &t->next;
}

void th_register_variant(struct th_fixture *f, struct th_variant *v)
{
	*f->variants_tail = v;
	f->variants_tail = &v->next;
}

struct th_meta *th_current(void)
{
	return current;
}

void th_log(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("# %s\n", buf);
	fflush(stdout);
}

void th_fail(struct th_meta *m)
{
	m->sh->result = TH_FAIL;
}

bool th_in_teardown(struct th_meta *m)
{
	return m->in_teardown;
}

void th_abort(struct th_meta *m)
{
	/*
	 * Only the test's main thread can unwind to the runner; a helper
	 * thread ends the whole child (the result is already recorded).
	 */
	if (!pthread_equal(pthread_self(), m->main_thread) || m->in_teardown) {
		fflush(stdout);
		_exit(m->sh->result == TH_FAIL ? 1 : 0);
	}
	siglongjmp(m->env, 1);
}

void th_skip(struct th_meta *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->sh->skip_reason, sizeof(m->sh->skip_reason), fmt, ap);
	va_end(ap);
	if (m->sh->result != TH_FAIL)
		m->sh->result = TH_SKIP;
	th_abort(m);
}

void th_run_plain(struct th_meta *m, void (*body)(struct th_meta *))
{
	if (sigsetjmp(m->env, 0) == 0)
		body(m);
}

void th_run_fixture(struct th_meta *m, void *self, const void *variant,
		    th_fixture_fn setup, th_fixture_fn body,
		    th_fixture_fn teardown)
{
	m->set_up = false;
	if (sigsetjmp(m->env, 0) == 0) {
		setup(m, self, variant);
		m->set_up = true;
		body(m, self, variant);
	}
	/* Teardown after success, failed ASSERT or SKIP, but not a failed setup. */
	if (m->set_up || m->sh->result == TH_SKIP) {
		m->in_teardown = true;
		teardown(m, self, variant);
	}
}

/* ------------------------------------------------------- kernel-log scan */

static const char * const kmsg_patterns[] = {
	"WARNING", "BUG", "Oops", "general protection",
	"possible circular locking", "lockdep", "inconsistent lock state",
	"KASAN", "kmemleak", "UBSAN", "refcount_t", "blocked for more than",
	"Kernel panic", "list_add corruption", "list_del corruption",
	"soft lockup", "hung_task", "possible recursive locking",
	"suspicious RCU usage", "sleeping function called from invalid context",
};

/*
 * Host unit tests (tests/check sets TEEKIT_HOST_TEST) do not read the host's
 * kernel log: what other programs make the build machine's kernel say is not
 * theirs to answer for.
 */
static bool kmsg_wanted(void)
{
	return !getenv("TEEKIT_HOST_TEST");
}

static int kmsg_open(void)
{
	int fd;

	if (!kmsg_wanted())
		return -1;
	fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Returns the number of reports found since kmsg_open(). */
static int kmsg_scan(int fd, bool echo_all)
{
	char rec[8192];
	int found = 0;

	if (fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		char *msg, *nl;
		size_t i;

		if (n < 0) {
			if (errno == EPIPE)	/* overrun: records were lost */
				continue;
			break;
		}
		if (n == 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		for (i = 0; i < ARRAY_SIZE(kmsg_patterns); i++)
			if (strstr(msg, kmsg_patterns[i]))
				break;
		if (i < ARRAY_SIZE(kmsg_patterns)) {
			printf("# kmsg: %s\n", msg);
			found++;
		} else if (echo_all) {
			printf("# kmsg(info): %s\n", msg);
		}
	}
	fflush(stdout);
	return found;
}

/* ---------------------------------------------------------------- runner */

struct th_instance {
	struct th_test *test;
	struct th_variant *variant;
	char name[256];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

unsigned int th_timeout_mult(void)
{
	const char *mult = getenv("TEEKIT_TIMEOUT_MULT");

	return mult && atoi(mult) > 0 ? atoi(mult) : 1;
}

static int run_one(struct th_instance *in, int num, struct th_shared *sh,
		   bool kmsg_all)
{
	unsigned int timeout = in->test->timeout * th_timeout_mult();
	int kfd, status = 0, reports;
	bool timed_out = false;
	double start, end;
	pid_t pid, w;

	memset(sh, 0, sizeof(*sh));
	kfd = kmsg_open();
	fflush(stdout);
	fflush(stderr);
	start = now_s();
	pid = fork();
	if (pid < 0) {
		printf("not ok %d %s # fork: %s\n", num, in->name, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		struct th_meta m = { .sh = sh, .main_thread = pthread_self() };

		setpgid(0, 0);
		current = &m;
		in->test->fn(&m, in->variant ? in->variant->data : NULL);
		fflush(stdout);
		_exit(sh->result == TH_FAIL ? 1 : 0);
	}
	setpgid(pid, pid);
	end = start + timeout;
	for (;;) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (now_s() >= end) {
			timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		usleep(5000);
	}
	/* Nothing the test started may outlive it. */
	kill(-pid, SIGKILL);
	end = now_s();

	if (timed_out) {
		printf("# %s: timed out after %u s, process group killed\n",
		       in->name, timeout);
		sh->result = TH_FAIL;
	} else if (WIFSIGNALED(status)) {
		printf("# %s: killed by signal %d (%s)\n", in->name,
		       WTERMSIG(status), strsignal(WTERMSIG(status)));
		sh->result = TH_FAIL;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		if (sh->result != TH_FAIL)
			printf("# %s: exit status %d\n", in->name,
			       WEXITSTATUS(status));
		sh->result = TH_FAIL;
	}

	/* Give printk from the child's exit a moment to land. */
	usleep(20000);
	reports = kmsg_scan(kfd, kmsg_all);
	if (kfd >= 0)
		close(kfd);
	if (reports) {
		printf("# %s: %d kernel log report(s)\n", in->name, reports);
		sh->result = TH_FAIL;
	}
	printf("# %s: %.3f s\n", in->name, end - start);

	switch (sh->result) {
	case TH_SKIP:
		printf("ok %d %s # SKIP %s\n", num, in->name, sh->skip_reason);
		return 0;
	case TH_FAIL:
		printf("not ok %d %s\n", num, in->name);
		return 1;
	default:
		printf("ok %d %s\n", num, in->name);
		return 0;
	}
}

static void print_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-l] [-v] [-t NAME]...\n"
		"  -t NAME  run only tests whose name matches NAME (glob, repeatable)\n"
		"  -l       list the tests and exit\n"
		"  -v       echo every kernel log line seen during a test\n"
		"env: TEEKIT_TIMEOUT_MULT=N multiplies every timeout\n", prog);
}

int th_main(int argc, char **argv)
{
	struct th_instance *list;
	const char **filters;
	int nfilters = 0, n = 0, i, c, failed = 0, ran = 0;
	bool do_list = false, kmsg_all = false;
	struct th_shared *sh;
	struct th_test *t;

	filters = calloc(argc + 1, sizeof(*filters));
	while ((c = getopt(argc, argv, "lvt:h")) != -1) {
		switch (c) {
		case 'l':
			do_list = true;
			break;
		case 'v':
			kmsg_all = true;
			break;
		case 't':
			filters[nfilters++] = optarg;
			break;
		default:
			print_usage(argv[0]);
			return c == 'h' ? 0 : 2;
		}
	}

	for (t = tests; t; t = t->next) {
		struct th_variant *v = t->fixture ? t->fixture->variants : NULL;

		n += v ? 0 : 1;
		for (; v; v = v->next)
			n++;
	}
	list = calloc(n ? n : 1, sizeof(*list));
	n = 0;
	for (t = tests; t; t = t->next) {
		struct th_variant *v = t->fixture ? t->fixture->variants : NULL;

		do {
			struct th_instance *in = &list[n];

			in->test = t;
			in->variant = v;
			if (!t->fixture)
				snprintf(in->name, sizeof(in->name), "%s", t->name);
			else if (v)
				snprintf(in->name, sizeof(in->name), "%s.%s.%s",
					 t->fixture->name, v->name, t->name);
			else
				snprintf(in->name, sizeof(in->name), "%s.%s",
					 t->fixture->name, t->name);
			if (nfilters) {
				bool match = false;

				for (i = 0; i < nfilters; i++)
					if (!fnmatch(filters[i], in->name, 0) ||
					    !fnmatch(filters[i], t->name, 0))
						match = true;
				if (!match)
					continue;
			}
			n++;
		} while (v && (v = v->next));
	}

	if (do_list) {
		for (i = 0; i < n; i++)
			printf("%s\n", list[i].name);
		return 0;
	}

	setvbuf(stdout, NULL, _IOLBF, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	printf("TAP version 13\n1..%d\n", n);
	if (!kmsg_wanted())
		printf("# host test: kernel log not checked\n");
	else if (access("/dev/kmsg", R_OK))
		printf("# /dev/kmsg not readable: kernel log not checked\n");
	for (i = 0; i < n; i++) {
		failed += run_one(&list[i], i + 1, sh, kmsg_all);
		ran++;
	}
	printf("# %d tests, %d failed\n", ran, failed);
	free(list);
	free(filters);
	return failed ? 1 : 0;
}
