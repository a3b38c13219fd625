/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_internal_api_extensions.h - teekit's extensions of the TEE Internal
 * Core API, named and shaped as OP-TEE's so OP-TEE TAs build unchanged.
 */
#ifndef TEE_INTERNAL_API_EXTENSIONS_H
#define TEE_INTERNAL_API_EXTENSIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <tee_api_defines_extensions.h>
#include <tee_api_types.h>
#include <trace.h>

/*
 * What OP-TEE's version of this header brings in: trace.h and <stdio.h>
 * (snprintf, vsnprintf; a TA may not call the stdio functions that reach
 * files, docs/ta-sdk.md "What a TA may call"). OP-TEE's cache maintenance
 * (TEE_CacheClean/Flush/Invalidate), tee_map_zi/tee_unmap and the heap
 * debugging calls are absent here: docs/optee-compat.md says why.
 */
#ifndef TEE_USER_MEM_HINT_NO_FILL_ZERO
#define TEE_USER_MEM_HINT_NO_FILL_ZERO	0x80000000
#endif

/*
 * tee_invoke_supp_plugin() - call a tee-supplicant plugin
 * @uuid:	the plugin's UUID
 * @cmd:	command for the plugin
 * @sub_cmd:	sub-command for the plugin
 * @buf:	data passed to the plugin and back (may be NULL when @len is 0)
 * @len:	size of @buf
 * @outlen:	receives the length of the plugin's answer (may be NULL)
 *
 * Return: the plugin's result; TEE_ERROR_ITEM_NOT_FOUND when no plugin has
 * @uuid; TEE_ERROR_SHORT_BUFFER when the answer does not fit in @buf.
 */
TEE_Result tee_invoke_supp_plugin(const TEE_UUID *uuid, uint32_t cmd,
				  uint32_t sub_cmd, void *buf, size_t len,
				  size_t *outlen);

#endif
