/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tee_plugin_method.h - what a tee-supplicant plugin exports.
 *
 * A plugin is a shared object in the plugin directory that exports one
 * object named "plugin_method" of this type. The layout is OP-TEE's plugin
 * interface, so plugins built for OP-TEE's tee-supplicant load unchanged:
 * the uuid field has the layout of TEEC_UUID.
 *
 * invoke() may be called from several supplicant threads at once; a plugin
 * that keeps state must lock it. @data is the TA's buffer (NULL when the
 * request carried none) of @in_len bytes; the plugin may overwrite it and
 * sets *@out_len to the number of bytes it returns (the TA sees it).
 * Return 0 (TEEC_SUCCESS) or a TEEC error code.
 */
#ifndef TEEKIT_TEE_PLUGIN_METHOD_H
#define TEEKIT_TEE_PLUGIN_METHOD_H

#include <stddef.h>
#include <stdint.h>

struct tee_plugin_uuid {		/* same layout as TEEC_UUID */
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
};

struct plugin_method {
	const char *name;		/* short name, for logs */
	struct tee_plugin_uuid uuid;	/* requests addressed to it */
	uint32_t (*init)(void);		/* optional; non-zero disables it */
	uint32_t (*invoke)(unsigned int cmd, unsigned int sub_cmd, void *data,
			   size_t in_len, size_t *out_len);
};

#endif /* TEEKIT_TEE_PLUGIN_METHOD_H */
