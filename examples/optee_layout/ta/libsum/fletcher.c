// SPDX-License-Identifier: BSD-2-Clause
/*
 * fletcher.c - Fletcher-32 over bytes (each byte one 16-bit word): two
 * running sums modulo 65535, the second of the first
 */
#include <fletcher.h>

uint32_t fletcher32(const uint8_t *data, size_t len)
{
	uint32_t a = 0, b = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		a = (a + data[i]) % 65535;
		b = (b + a) % 65535;
	}
	return (b << 16) | a;
}
