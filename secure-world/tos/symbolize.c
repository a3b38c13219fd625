// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit-tos: a crashed TA's stack, symbolized with elfutils' libdwfl
 * against the TA's ELF in the cache dir (decision 1705).
 *
 * The addresses come from the dying instance, so they are untrusted: they
 * are only looked up, at most SYM_FRAMES of them, and only inside the TA's
 * own module (runtime and library frames are named as such, not looked up
 * in files the TA did not bring).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfutils/libdwfl.h>

#include "symbolize.h"

#define SYM_FRAMES	32

static const Dwfl_Callbacks sym_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static int parse_hex(const char **p, uint64_t *v)
{
	char *end;

	while (**p == ' ')
		(*p)++;
	if (!**p)
		return 0;
	errno = 0;
	*v = strtoull(*p, &end, 16);
	if (end == *p || errno || (*end && *end != ' '))
		return -1;
	*p = end;
	return 1;
}

static void one_frame(Dwfl_Module *m, Dwarf_Addr low, Dwarf_Addr high,
		      uint64_t base, int i, uint64_t addr, char *buf,
		      size_t len)
{
	/* a return address points after the call: look up the call */
	Dwarf_Addr a = i ? addr - 1 : addr;
	const char *fn = NULL, *file = NULL;
	Dwfl_Line *l;
	int line = 0;

	if (!m || a < low || a >= high) {
		snprintf(buf, len, "#%d 0x%" PRIx64 " (not in the TA: the runtime or a library)",
			 i, addr);
		return;
	}
	fn = dwfl_module_addrname(m, a);
	l = dwfl_module_getsrc(m, a);
	if (l)
		file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
	if (file) {
		const char *slash = strrchr(file, '/');

		snprintf(buf, len, "#%d 0x%" PRIx64 " %s at %s:%d (%s)", i,
			 addr, fn ? fn : "??", slash ? slash + 1 : file, line,
			 file);
	} else {
		snprintf(buf, len, "#%d 0x%" PRIx64 " %s+0x%" PRIx64 " (no line table: build the TA with -g)",
			 i, addr, fn ? fn : "??", (uint64_t)(a - base));
	}
}

int symbolize_frames(const char *elf, const char *frames,
		     void (*out)(void *arg, const char *frame), void *arg)
{
	const char *p = frames;
	Dwarf_Addr low = 0, high = 0;
	Dwfl_Module *m = NULL;
	uint64_t base, addr;
	Dwfl *d;
	char buf[512];
	int i, r = 0;

	if (parse_hex(&p, &base) != 1)
		return -1;
	d = dwfl_begin(&sym_callbacks);
	if (d && base) {
		m = dwfl_report_elf(d, "ta", elf, -1, base, false);
		dwfl_report_end(d, NULL, NULL);
		if (m)
			dwfl_module_info(m, NULL, &low, &high, NULL, NULL,
					 NULL, NULL);
	}
	for (i = 0; i < SYM_FRAMES; i++) {
		r = parse_hex(&p, &addr);
		if (r <= 0)
			break;
		one_frame(m, low, high, base, i, addr, buf, sizeof(buf));
		out(arg, buf);
	}
	if (d)
		dwfl_end(d);
	return r < 0 ? -1 : i;
}
