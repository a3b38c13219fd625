// SPDX-License-Identifier: GPL-2.0-only
/*
 * memrights.c - what the process may do with a range of its own memory,
 * for TEE_CheckMemoryAccessRights (runtime.c).
 *
 * The kernel's list of the process's mappings (/proc/self/maps) is the
 * only complete answer: heap, stack, the TA's segments, guard and
 * PROT_NONE pages, and shared mappings (client views, RPC memory, the
 * status page) with their protections. The sandbox has no open(), so the
 * file is opened once before it (teeta_mem_init()) and read again from
 * offset 0 (lseek + read, both allowed) for every check: mappings change
 * as the TA allocates and views come and go.
 *
 * The walker (teeta_mem_walk_*) only parses lines, so host unit tests
 * feed it made-up maps (tests/unit/memrights.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "teeta.h"

static int maps_fd = -1;

int teeta_mem_init(void)
{
	maps_fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	return maps_fd < 0 ? -errno : 0;
}

/*
 * Mappings that are executable and writable, or executable without a file
 * (code made at run time): their number, the first one's line in @first.
 * The loader never makes them; a TA constructor might (decision 1201).
 */
int teeta_mem_unsafe_exec(char *first, size_t len)
{
	char buf[4096], line[512];
	size_t n = 0;
	ssize_t got, i;
	int bad = 0;

	if (maps_fd < 0 || lseek(maps_fd, 0, SEEK_SET) < 0)
		return -1;
	while ((got = read(maps_fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < got; i++) {
			char perms[5] = "", path[256] = "";
			unsigned long inode = 0;

			if (buf[i] != '\n') {
				if (n < sizeof(line) - 1)
					line[n++] = buf[i];
				continue;
			}
			line[n] = 0;
			n = 0;
			if (sscanf(line, "%*x-%*x %4s %*x %*s %lu %255s", perms,
				   &inode, path) < 2 || perms[2] != 'x')
				continue;
			if (perms[1] == 'w' ||
			    (!inode && strcmp(path, "[vdso]") &&
			     strcmp(path, "[vsyscall]"))) {
				if (!bad++)
					snprintf(first, len, "%s", line);
			}
		}
	}
	return got < 0 ? -1 : bad;
}

void teeta_mem_walk_init(struct teeta_mem_walk *w, uintptr_t start,
			 uintptr_t end)
{
	memset(w, 0, sizeof(*w));
	w->next = start;
	w->end = end;
}

/*
 * One line "START-END PERMS ..." (hexadecimal addresses, PERMS like
 * "r-xp"). Lines come in address order. Returns false once the range is
 * covered or a line cannot be parsed (w->bad).
 */
bool teeta_mem_walk_line(struct teeta_mem_walk *w, const char *line)
{
	uintptr_t s, e;
	char perms[5];

	if (w->next >= w->end)
		return false;
	if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &s, &e, perms) != 3 ||
	    strlen(perms) != 4 || e < s) {
		w->bad = true;
		return false;
	}
	if (e <= w->next)
		return true;		/* before the range */
	if (s >= w->end)
		return false;		/* after it: the rest is a hole */
	if (s > w->next)
		w->hole = true;
	if (perms[0] != 'r')
		w->no_read = true;
	if (perms[1] != 'w')
		w->no_write = true;
	if (perms[3] == 's')
		w->shared = true;
	w->next = e;
	return w->next < w->end;
}

void teeta_mem_walk_finish(struct teeta_mem_walk *w)
{
	if (w->next < w->end)
		w->hole = true;
}

/*
 * Walks [p, p + len) (len > 0, no overflow: the caller checked) through
 * the current mappings. 0, or -errno if they cannot be read.
 */
int teeta_mem_rights(const void *p, size_t len, struct teeta_mem_walk *w)
{
	char buf[4096], line[64];
	size_t n = 0;
	ssize_t got, i;
	bool more = true;

	teeta_mem_walk_init(w, (uintptr_t)p, (uintptr_t)p + len);
	if (maps_fd < 0)
		return -EBADF;
	if (lseek(maps_fd, 0, SEEK_SET) < 0)
		return -errno;
	while (more) {
		got = read(maps_fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (!got)
			break;
		/* only the start of each line matters: addresses, perms */
		for (i = 0; i < got && more; i++) {
			if (buf[i] != '\n') {
				if (n < sizeof(line) - 1)
					line[n++] = buf[i];
				continue;
			}
			line[n] = 0;
			n = 0;
			more = teeta_mem_walk_line(w, line);
		}
	}
	if (w->bad)
		return -EIO;
	teeta_mem_walk_finish(w);
	return 0;
}

/*
 * GP: every byte of the range must be mapped and allow what is asked
 * (READ, WRITE); without ANY_OWNER no byte may be shared with anyone else
 * (any shared mapping: client views, RPC memory, the status page). No
 * access flag asks only that the range is mapped (a PROT_NONE page is).
 * Unknown flags, a range that wraps, or mappings that cannot be read:
 * ACCESS_DENIED. Size 0: SUCCESS.
 */
TEE_Result teeta_mem_access(uint32_t flags, const void *p, size_t len)
{
	struct teeta_mem_walk w;
	uintptr_t end;

	if (flags & ~(TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_WRITE |
		      TEE_MEMORY_ACCESS_ANY_OWNER))
		return TEE_ERROR_ACCESS_DENIED;
	if (__builtin_add_overflow((uintptr_t)p, len, &end))
		return TEE_ERROR_ACCESS_DENIED;
	if (!len)
		return TEE_SUCCESS;
	if (teeta_mem_rights(p, len, &w) || w.hole)
		return TEE_ERROR_ACCESS_DENIED;
	if ((flags & TEE_MEMORY_ACCESS_READ) && w.no_read)
		return TEE_ERROR_ACCESS_DENIED;
	if ((flags & TEE_MEMORY_ACCESS_WRITE) && w.no_write)
		return TEE_ERROR_ACCESS_DENIED;
	if (!(flags & TEE_MEMORY_ACCESS_ANY_OWNER) && w.shared)
		return TEE_ERROR_ACCESS_DENIED;
	return TEE_SUCCESS;
}
