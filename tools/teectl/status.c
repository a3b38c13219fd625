// SPDX-License-Identifier: GPL-2.0-only
/*
 * teectl status and teectl log.
 *
 * Sources (docs/teectl.md):
 *   teekit-tos's status socket (/run/teekit/tos.sock, root and group
 *   teeclnt): version, TA instances (UUID, pid, flags), log file, level;
 *   the sim driver's debugfs state (root only): sessions per instance,
 *   calls in flight, queued requests;
 *   /proc/PID/fd: processes holding a client node (all of them as root,
 *   one's own otherwise);
 *   the core's debugfs /sys/kernel/debug/teekit/DEV/clients (root only):
 *   sessions (and ids) and shared memory of every context, with the pid
 *   and comm of the process that opened it;
 *   /sys/class/tee/teeN/stats: shared memory and session counters.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "teectl.h"

#define MAX_INST 256

int tos_request(const char *req, char *buf, size_t len)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 2 };
	const char *path = getenv("TEECTL_TOS_SOCKET");
	char line[256];
	size_t got = 0;
	ssize_t n;
	int fd, err;

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path ? path : TOS_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	snprintf(line, sizeof(line), "%s\n", req);
	/* one send: the server answers the first read and closes */
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    send(fd, line, strlen(line), MSG_NOSIGNAL) < 0) {
		err = errno;
		close(fd);
		return -err;
	}
	while (got < len - 1 && (n = recv(fd, buf + got, len - 1 - got, 0)) > 0)
		got += n;
	close(fd);
	buf[got] = 0;
	return got ? (int)got : -EPROTO;
}

struct inst {
	unsigned int id, flags;
	int pid;
	char uuid[37], state[16];
	unsigned long long opens;
	int sessions;
	size_t queued, taken;
	bool ids;		/* uid and owner known (decision 1202) */
	unsigned int uid;	/* the instance's own uid */
	int owner;		/* uid of the client that started it, -1 kernel */
	bool heap;		/* heap figures known (decision 1704) */
	unsigned long long heap_used, heap_peak, heap_limit;
};

struct state {
	/* from the emulator */
	int tos_err;
	char version[32], log[256];
	int tos_pid, level;
	struct inst inst[MAX_INST];
	int ninst;
	/* from debugfs */
	int dbg_err;
	char os[256];
	int sessions, calls;
};

static struct inst *inst_get(struct state *st, unsigned int id, const char *uuid)
{
	int i;

	for (i = 0; i < st->ninst; i++)
		if (st->inst[i].id == id)
			return &st->inst[i];
	if (st->ninst == MAX_INST)
		return NULL;
	memset(&st->inst[i], 0, sizeof(st->inst[i]));
	st->inst[i].id = id;
	st->inst[i].pid = -1;
	snprintf(st->inst[i].uuid, sizeof(st->inst[i].uuid), "%s", uuid);
	strcpy(st->inst[i].state, "unknown");
	st->ninst++;
	return &st->inst[i];
}

static void read_tos(struct state *st)
{
	static char buf[65536];
	char *line, *save = NULL;
	int n = tos_request("status", buf, sizeof(buf));

	st->tos_err = n < 0 ? -n : 0;
	if (n < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct inst in = { 0 }, *p;

		if (sscanf(line, "version %31s", st->version) == 1)
			continue;
		if (sscanf(line, "pid %d", &st->tos_pid) == 1)
			continue;
		if (sscanf(line, "log %255s", st->log) == 1)
			continue;
		if (sscanf(line, "ta_log_level %d", &st->level) == 1)
			continue;
		if (sscanf(line, "instance %u %d %36s %x %llu %15s", &in.id, &in.pid,
			   in.uuid, &in.flags, &in.opens, in.state) != 6)
			continue;
		if (strstr(line, " uid=") &&
		    sscanf(strstr(line, " uid="), " uid=%u owner=%d", &in.uid,
			   &in.owner) == 2)
			in.ids = true;
		if (strstr(line, " heap=") &&
		    sscanf(strstr(line, " heap="), " heap=%llu heap_peak=%llu heap_limit=%llu",
			   &in.heap_used, &in.heap_peak, &in.heap_limit) == 3)
			in.heap = true;
		p = inst_get(st, in.id, in.uuid);
		if (p) {
			int s = p->sessions;
			size_t q = p->queued, t = p->taken;

			*p = in;
			p->sessions = s;
			p->queued = q;
			p->taken = t;
		}
	}
}

static void read_debugfs(struct state *st)
{
	FILE *f = fopen(SIM_STATE, "r");
	char line[256], uuid[64];
	unsigned int id;
	size_t q, t;
	int ch;

	if (!f) {
		st->dbg_err = errno;
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		struct inst *p;

		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, "os: ", 4)) {
			snprintf(st->os, sizeof(st->os), "%s", line + 4);
		} else if (sscanf(line, "channel %u instance%*[^q]queued %zu taken %zu uuid %63s",
				  &id, &q, &t, uuid) == 4) {
			p = inst_get(st, id, uuid);
			if (p) {
				p->queued = q;
				p->taken = t;
			}
		} else if (sscanf(line, "session %*u channel %d", &ch) == 1) {
			st->sessions++;
			p = ch > 0 ? inst_get(st, ch, "?") : NULL;
			if (p && !strstr(line, "dead"))
				p->sessions++;
		} else if (!strncmp(line, "call ", 5)) {
			st->calls++;
		}
	}
	fclose(f);
}

/* Processes holding a client node open: PID COMM NODE FDS */
static void print_clients(void)
{
	char path[600], link[300], comm[64];
	struct dirent *de, *fe;
	int first = 1, hidden = 0;
	DIR *d = opendir("/proc");

	if (json)
		printf(", \"clients\": [");
	else
		printf("clients:\n    %-8s %-16s %-12s %s\n", "PID", "COMM", "NODE", "FDS");
	while (d && (de = readdir(d))) {
		char node[300] = "";
		int fds = 0;
		DIR *fdd;
		FILE *f;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", de->d_name);
		fdd = opendir(path);
		if (!fdd) {
			hidden++;
			continue;
		}
		while ((fe = readdir(fdd))) {
			ssize_t n;

			snprintf(path, sizeof(path), "/proc/%s/fd/%s", de->d_name, fe->d_name);
			n = readlink(path, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = 0;
			if (strncmp(link, "/dev/tee", 8) || !link[8] ||
			    link[8] < '0' || link[8] > '9')
				continue;
			snprintf(node, sizeof(node), "%s", link);
			fds++;
		}
		closedir(fdd);
		if (!fds)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		comm[0] = 0;
		f = fopen(path, "r");
		if (f) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = 0;
			fclose(f);
		}
		comm[strcspn(comm, "\n")] = 0;
		if (json) {
			printf("%s{\"pid\": %s, \"comm\": ", first ? "" : ", ", de->d_name);
			json_str(comm);
			printf(", \"node\": ");
			json_str(node);
			printf(", \"fds\": %d}", fds);
		} else {
			printf("    %-8s %-16s %-12s %d\n", de->d_name, comm, node, fds);
		}
		first = 0;
	}
	if (d)
		closedir(d);
	if (json)
		printf("], \"clients_complete\": %s", geteuid() ? "false" : "true");
	else if (geteuid())
		printf("    (only your own processes: other clients need root)\n");
	(void)hidden;
}

/* Undo the core's \ooo escapes of the comm field, in place. */
static void unescape_comm(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

/*
 * Sessions per client: every context of every device, from the core's
 * debugfs (root only); without it the reason and a note instead.
 */
static void print_client_sessions(void)
{
	char **names = NULL, path[300], line[1024];
	int n = list_devices(&names), i, err = 0, first = 1, any = 0;

	if (json)
		printf(", \"sessions_per_client\": {\"contexts\": [");
	else
		printf("sessions per client:\n");
	for (i = 0; i < n; i++) {
		FILE *f;
		int hdr = 1;

		snprintf(path, sizeof(path), CORE_DEBUGFS "/%s/clients", names[i]);
		f = fopen(path, "r");
		if (!f) {
			if (!err)
				err = errno;
			continue;
		}
		while (fgets(line, sizeof(line), f)) {
			char comm[128], state[16], ids[768];
			unsigned long long bytes;
			unsigned int sess, shm;
			int pid;

			if (hdr) {
				hdr = 0;
				continue;
			}
			if (sscanf(line, "%d %127s %15s %u %u %llu %767s", &pid, comm,
				   state, &sess, &shm, &bytes, ids) != 7)
				continue;
			unescape_comm(comm);
			if (json) {
				char *id, *save = NULL;
				int k = 0;

				printf("%s{\"pid\": %d, \"comm\": ", first ? "" : ", ", pid);
				json_str(comm);
				printf(", \"device\": \"%s\", \"state\": \"%s\", \"sessions\": %u, \"session_ids\": [",
				       names[i], state, sess);
				for (id = strtok_r(ids, ",", &save); id;
				     id = strtok_r(NULL, ",", &save))
					if (strcmp(id, "-"))
						printf("%s%lu", k++ ? ", " : "", strtoul(id, NULL, 10));
				printf("], \"shm_count\": %u, \"shm_bytes\": %llu}", shm, bytes);
			} else {
				if (!any)
					printf("    %-8s %-16s %-12s %-7s %8s %5s %10s %s\n", "PID",
					       "COMM", "DEVICE", "STATE", "SESSIONS", "SHM",
					       "SHM_BYTES", "SESSION_IDS");
				printf("    %-8d %-16s %-12s %-7s %8u %5u %10llu %s\n", pid, comm,
				       names[i], state, sess, shm, bytes, ids);
			}
			first = 0;
			any = 1;
		}
		fclose(f);
	}
	free_devices(names, n);
	if (json) {
		printf("], \"readable\": %s", err ? "false" : "true");
		if (err) {
			printf(", \"error\": ");
			json_str(strerror(err));
		}
		printf("}");
		return;
	}
	if (err)
		printf("    (%s: %s; sessions per client need root)\n",
		       CORE_DEBUGFS "/DEV/clients", strerror(err));
	else if (!any)
		printf("    none\n");
}

static void print_tas(struct state *st)
{
	int i;

	if (json) {
		printf(", \"tas\": [");
		for (i = 0; i < st->ninst; i++) {
			struct inst *p = &st->inst[i];

			printf("%s{\"uuid\": ", i ? ", " : "");
			json_str(p->uuid);
			printf(", \"instance\": %u, \"pid\": %d, \"flags\": %u, \"opens\": %llu, \"state\": ",
			       p->id, p->pid, p->flags, p->opens);
			json_str(p->state);
			if (p->ids)
				printf(", \"uid\": %u, \"owner_uid\": %d", p->uid,
				       p->owner);
			if (p->heap)
				printf(", \"heap\": %llu, \"heap_peak\": %llu, \"heap_limit\": %llu",
				       p->heap_used, p->heap_peak, p->heap_limit);
			if (!st->dbg_err)
				printf(", \"sessions\": %d, \"queued\": %zu, \"taken\": %zu",
				       p->sessions, p->queued, p->taken);
			printf("}");
		}
		printf("]");
		return;
	}
	printf("loaded TAs:\n");
	if (!st->ninst) {
		printf("    none\n");
		return;
	}
	printf("    %-36s %5s %7s %6s %8s %5s %6s %5s %21s\n", "UUID", "INST",
	       "PID", "FLAGS", "SESSIONS", "OPENS", "QUEUED", "TAKEN",
	       "HEAP/PEAK/LIMIT KiB");
	for (i = 0; i < st->ninst; i++) {
		struct inst *p = &st->inst[i];
		char sess[16] = "-", q[16] = "-", t[16] = "-", heap[64] = "-";

		if (!st->dbg_err) {
			snprintf(sess, sizeof(sess), "%d", p->sessions);
			snprintf(q, sizeof(q), "%zu", p->queued);
			snprintf(t, sizeof(t), "%zu", p->taken);
		}
		if (p->heap)
			snprintf(heap, sizeof(heap), "%llu/%llu/%llu",
				 (p->heap_used + 1023) / 1024,
				 (p->heap_peak + 1023) / 1024,
				 p->heap_limit / 1024);
		printf("    %-36s %5u %7d %#6x %8s %5llu %6s %5s %21s%s\n", p->uuid,
		       p->id, p->pid, p->flags, sess, p->opens, q, t, heap,
		       strcmp(p->state, "alive") ? " (ending)" : "");
	}
}

static void print_device_counters(void)
{
	char **names = NULL;
	int n = list_devices(&names), i, k = 0;

	printf(json ? ", \"counters\": {" : "shared memory, sessions and requests (sysfs counters):\n");
	for (i = 0; i < n; i++) {
		int first = 1;

		if (json)
			printf("%s\"%s\": {", k++ ? ", " : "", names[i]);
		else
			printf("  %s:\n", names[i]);
		print_counters(names[i], NULL, &first, "    ");
		print_counters(names[i], "stats", &first, "    ");
		if (json)
			printf("}");
	}
	if (json)
		printf("}");
	free_devices(names, n);
}

int cmd_status(int argc, char **argv)
{
	static struct state st;
	char **names = NULL;
	int n;

	(void)argv;
	if (argc) {
		fprintf(stderr, "teectl: status takes no arguments\n");
		return EXIT_USAGE;
	}
	n = list_devices(&names);
	free_devices(names, n);
	if (n <= 0) {
		fprintf(stderr,
			"teectl: no TEE device: load the driver and start the stack with 'teekit-up' (or 'modprobe teekit_sim')\n");
		if (json)
			printf("{\"error\": \"no TEE device\"}\n");
		return EXIT_NODEV;
	}
	read_tos(&st);
	read_debugfs(&st);

	if (json) {
		printf("{\"secure_world\": {\"running\": %s", st.tos_err ? "false" : "true");
		if (st.tos_err) {
			printf(", \"error\": ");
			json_str(strerror(st.tos_err));
		} else {
			printf(", \"version\": ");
			json_str(st.version);
			printf(", \"pid\": %d, \"log\": ", st.tos_pid);
			json_str(st.log);
			printf(", \"ta_log_level\": %d", st.level);
		}
		printf("}, \"debugfs\": {\"readable\": %s", st.dbg_err ? "false" : "true");
		if (st.dbg_err) {
			printf(", \"error\": ");
			json_str(strerror(st.dbg_err));
		} else {
			printf(", \"os\": ");
			json_str(st.os);
			printf(", \"sessions\": %d, \"calls_in_flight\": %d",
			       st.sessions, st.calls);
		}
		printf("}");
	} else {
		if (st.tos_err)
			printf("secure world: teekit-tos not reachable (%s: %s%s)\n",
			       TOS_SOCKET, strerror(st.tos_err), errno_hint(st.tos_err));
		else
			printf("secure world: teekit-tos %s, pid %d, log %s, TA log level %d\n",
			       st.version, st.tos_pid, st.log, st.level);
		if (st.dbg_err)
			printf("sim driver: %s: %s (sessions and pending calls need root)\n",
			       SIM_STATE, strerror(st.dbg_err));
		else
			printf("sim driver: os %s; %d sessions, %d calls in flight\n",
			       st.os, st.sessions, st.calls);
	}
	print_tas(&st);
	print_clients();
	print_client_sessions();
	print_device_counters();
	if (json)
		printf("}\n");
	return EXIT_OK;
}

/* ---------------------------------------------------------------- log */

static int log_level(int argc, char **argv)
{
	char req[64], buf[256];
	int n;

	if (argc > 1 || (argc == 1 && (atoi(argv[0]) < 1 || atoi(argv[0]) > 4 ||
					argv[0][1]))) {
		fprintf(stderr, "teectl: log level: N is 1 (error) to 4 (flow)\n");
		return EXIT_USAGE;
	}
	snprintf(req, sizeof(req), "log-level%s%s", argc ? " " : "", argc ? argv[0] : "");
	n = tos_request(req, buf, sizeof(buf));
	if (n < 0) {
		fprintf(stderr, "teectl: teekit-tos not reachable (%s: %s%s)\n",
			TOS_SOCKET, strerror(-n), errno_hint(-n));
		return -n == EACCES ? EXIT_PERM : EXIT_NOTFOUND;
	}
	buf[strcspn(buf, "\n")] = 0;
	if (strncmp(buf, "ok ", 3)) {
		fprintf(stderr, "teectl: teekit-tos: %s\n", buf);
		return strstr(buf, "root") ? EXIT_PERM : EXIT_FAIL;
	}
	if (json)
		printf("{\"ta_log_level\": %d}\n", atoi(buf + 3));
	else
		printf("TA log level %d%s\n", atoi(buf + 3),
		       argc ? " (new and running TA instances)" : "");
	return EXIT_OK;
}

/* ------------------------------------------------------------- limits */

/* teectl limits [--per-user N] [--total N] (decision 1203) */
int cmd_limits(int argc, char **argv)
{
	char req[96] = "limits", buf[256], *end;
	unsigned int user, total, running;
	size_t len;
	int i, n;

	for (i = 0; i < argc; i++) {
		bool known = !strcmp(argv[i], "--per-user") ||
			     !strcmp(argv[i], "--total");

		if (!known || i + 1 >= argc || strtol(argv[i + 1], &end, 10) < 0 ||
		    *end || end == argv[i + 1]) {
			fprintf(stderr, "teectl: limits [--per-user N] [--total N]: N is a number, 0-65536\n");
			return EXIT_USAGE;
		}
		len = strlen(req);
		snprintf(req + len, sizeof(req) - len, " %s %s", argv[i] + 2,
			 argv[i + 1]);
		i++;
	}
	n = tos_request(req, buf, sizeof(buf));
	if (n < 0) {
		fprintf(stderr, "teectl: teekit-tos not reachable (%s: %s%s)\n",
			TOS_SOCKET, strerror(-n), errno_hint(-n));
		return -n == EACCES ? EXIT_PERM : EXIT_NOTFOUND;
	}
	buf[strcspn(buf, "\n")] = 0;
	if (sscanf(buf, "ok per-user %u total %u running %u", &user, &total,
		   &running) != 3) {
		fprintf(stderr, "teectl: teekit-tos: %s\n", buf);
		return strstr(buf, "root") ? EXIT_PERM :
		       strstr(buf, "error: limits") ? EXIT_USAGE : EXIT_FAIL;
	}
	if (json)
		printf("{\"max_instances_per_user\": %u, \"max_instances\": %u, \"instances\": %u}\n",
		       user, total, running);
	else
		printf("TA instances: at most %u per user, %u in total; %u running\n",
		       user, total, running);
	return EXIT_OK;
}

/*
 * A TA line (secure-world/tahost/trace.c) as JSON fields:
 *   TIME TA UUID [PID] sess S cmd C L FUNC:LINE: TEXT
 * Other lines (the emulator's own) get the fields null. @line is the whole
 * line, kept as "text".
 */
static void log_json_fields(const char *line)
{
	char t[40], u[37], cmd[16], lvl[4], where[256], *colon;
	unsigned int sess;
	int pid, off = 0;
	long at = -1;

	if (sscanf(line, "%39s TA %36s [%d] sess %u cmd %15s %3s %255s %n", t, u,
		   &pid, &sess, cmd, lvl, where, &off) != 7 || !off ||
	    strlen(lvl) != 1 || where[strlen(where) - 1] != ':') {
		printf("\"time\": null, \"level\": null, \"pid\": null, \"session\": null, \"cmd\": null, \"func\": null, \"line\": null, \"msg\": null");
		return;
	}
	where[strlen(where) - 1] = 0;
	colon = strrchr(where, ':');
	if (colon) {
		*colon = 0;
		at = strtol(colon + 1, NULL, 10);
	}
	printf("\"time\": ");
	json_str(t);
	printf(", \"level\": ");
	json_str(lvl);
	printf(", \"pid\": %d, \"session\": %u, \"cmd\": ", pid, sess);
	if (strspn(cmd, "0123456789") == strlen(cmd))
		printf("%s", cmd);
	else if (!strcmp(cmd, "-"))
		printf("null");
	else
		json_str(cmd);
	printf(", \"func\": ");
	json_str(where);
	printf(", \"line\": %ld, \"msg\": ", at);
	json_str(line + off);
}

/* JSON: an array, or with -f one object per line (JSON lines) */
static int log_show(FILE *f, const char *ta, long from, int *first, int lines)
{
	char line[2048];
	long no = 0;

	while (fgets(line, sizeof(line), f)) {
		const char *p;

		line[strcspn(line, "\n")] = 0;
		if (ta && !strstr(line, ta))
			continue;
		if (no++ < from)
			continue;
		if (!json) {
			puts(line);
			continue;
		}
		p = strstr(line, "TA ");
		printf("%s{\"ta\": ", *first || lines ? "" : ",\n");
		if (p && strlen(p) >= 39 && p[39] == ' ' && p[11] == '-') {
			char u[37];

			memcpy(u, p + 3, 36);
			u[36] = 0;
			json_str(u);
		} else {
			printf("null");
		}
		printf(", ");
		log_json_fields(line);
		printf(", \"text\": ");
		json_str(line);
		printf(lines ? "}\n" : "}");
		*first = 0;
	}
	fflush(stdout);
	return 0;
}

int cmd_log(int argc, char **argv)
{
	const char *file = NULL, *ta = NULL;
	char buf[4096], logpath[256] = "";
	long lines = -1, total = 0, from = 0;
	int follow = 0, history = 0, first = 1, i;
	FILE *f;

	if (argc && !strcmp(argv[0], "level"))
		return log_level(argc - 1, argv + 1);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-f") || !strcmp(argv[i], "--follow")) {
			follow = 1;
		} else if (!strcmp(argv[i], "--history")) {
			history = 1;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			lines = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--ta") && i + 1 < argc) {
			ta = argv[++i];
			if (strlen(ta) != 36 || ta[8] != '-' || ta[13] != '-' ||
			    ta[18] != '-' || ta[23] != '-') {
				fprintf(stderr, "teectl: log: '%s' is not a UUID\n", ta);
				return EXIT_USAGE;
			}
		} else if (!strcmp(argv[i], "--file") && i + 1 < argc) {
			file = argv[++i];
		} else {
			fprintf(stderr, "teectl: log: bad argument '%s' (see 'teectl --help')\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!file) {
		/* where the running emulator logs, else the default */
		if (tos_request("status", buf, sizeof(buf)) > 0) {
			char *p = strstr(buf, "\nlog ");

			if (p && sscanf(p + 5, "%255s", logpath) == 1 &&
			    strcmp(logpath, "stderr"))
				file = logpath;
			else if (p)
				fprintf(stderr,
					"teectl: teekit-tos logs to its stderr (started with --foreground and no --log); reading %s\n",
					TOS_LOG);
		}
		if (!file)
			file = TOS_LOG;
	}
	f = fopen(file, "r");
	if (!f) {
		int err = errno;

		fprintf(stderr, "teectl: %s: %s%s\n", file, strerror(err),
			err == EACCES ? " (the TA log is readable by root only)" :
			err == ENOENT ? " (is teekit-tos running? it logs there when started by teekit-up)" : "");
		return err == EACCES ? EXIT_PERM : EXIT_NOTFOUND;
	}
	if (lines >= 0) {
		while (fgets(buf, sizeof(buf), f))
			if (!ta || strstr(buf, ta))
				total++;
		from = total > lines ? total - lines : 0;
		rewind(f);
	}
	/* -f follows from now, unless -n N or --history asks for the past */
	if (follow && lines < 0 && !history)
		fseek(f, 0, SEEK_END);
	if (json && !follow)
		printf("[");
	log_show(f, ta, from, &first, follow);
	if (json && !follow)
		printf("]\n");
	while (follow) {
		clearerr(f);
		usleep(200000);
		log_show(f, ta, 0, &first, 1);
	}
	fclose(f);
	return EXIT_OK;
}
