// SPDX-License-Identifier: BSD-2-Clause
/*
 * ta_optee.c - built into every TA (ta.mk, the CMake package): the few
 * helpers OP-TEE's dev kit headers declare that the host C library lacks
 * (string_ext.h, trace.h's hex dumps). Hidden: each TA has its own copy
 * and exports none of them.
 */
#include <stdint.h>
#include <string.h>
#include <string_ext.h>
#include <trace.h>

#define TA_OPTEE_LOCAL __attribute__((visibility("hidden")))

TA_OPTEE_LOCAL size_t teeta_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

TA_OPTEE_LOCAL size_t teeta_strlcat(char *dst, const char *src, size_t size)
{
	size_t used = strnlen(dst, size);

	/* no NUL within size: nothing appended, as BSD does */
	if (used == size)
		return size + strlen(src);
	return used + teeta_strlcpy(dst + used, src, size - used);
}

TA_OPTEE_LOCAL int teeta_buf_compare_ct(const void *s1, const void *s2,
					size_t n)
{
	const volatile uint8_t *a = s1;
	const volatile uint8_t *b = s2;
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return diff != 0;
}

/* 16 bytes a line: offset, hex, printable characters */
TA_OPTEE_LOCAL void teeta_hexdump(const char *func, int line, int level,
				  const void *buf, int len)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = buf;
	char text[16 * 3 + 2 + 16 + 1];
	int off, i;

	if (level > teeta_trace_get_level())
		return;
	if (!buf || len <= 0) {
		teeta_trace(level, func, line, "hexdump of %d bytes at %p",
			    len, buf);
		return;
	}
	for (off = 0; off < len; off += 16) {
		int n = len - off < 16 ? len - off : 16;
		char *t = text;

		for (i = 0; i < 16; i++) {
			if (i < n) {
				*t++ = hex[p[off + i] >> 4];
				*t++ = hex[p[off + i] & 0xf];
			} else {
				*t++ = ' ';
				*t++ = ' ';
			}
			*t++ = ' ';
		}
		*t++ = ' ';
		for (i = 0; i < n; i++) {
			uint8_t c = p[off + i];

			*t++ = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		}
		*t = '\0';
		teeta_trace(level, func, line, "%04x: %s", off, text);
	}
}
