// SPDX-License-Identifier: GPL-2.0-only
/*
 * devid.c - gpd.tee.deviceID: a UUID made from /etc/machine-id, stable for
 * the machine, with the version 4 bits set. teekit-tahost reads it before
 * the sandbox closes open(); the host harness when it loads a TA.
 */
#include <stdio.h>
#include <string.h>

#include "teeta.h"

void teeta_read_device_id(void)
{
	uint8_t o[16] = { 0 };
	char hex[33] = "";
	unsigned int i, b;
	TEE_UUID u;
	FILE *f;

	f = fopen("/etc/machine-id", "r");
	if (f) {
		if (!fgets(hex, sizeof(hex), f))
			hex[0] = 0;
		fclose(f);
	}
	for (i = 0; i < 16 && strlen(hex) >= 2 * i + 2; i++)
		if (sscanf(hex + 2 * i, "%2x", &b) == 1)
			o[i] = b;
	o[6] = (o[6] & 0x0f) | 0x40;
	o[8] = (o[8] & 0x3f) | 0x80;
	u.timeLow = (uint32_t)o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
	u.timeMid = o[4] << 8 | o[5];
	u.timeHiAndVersion = o[6] << 8 | o[7];
	memcpy(u.clockSeqAndNode, o + 8, 8);
	teeta_set_device_id(&u);
}
