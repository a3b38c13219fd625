// SPDX-License-Identifier: GPL-2.0-only
/*
 * teekit core: helpers for struct tee_param arrays and the tracepoints'
 * single definition point.
 */
#include <linux/tee_drv.h>

#include "tee_private.h"

#define CREATE_TRACE_POINTS
#include "tee_trace.h"

/**
 * tee_params_put() - drop the shm references held by memref parameters
 * @params:	the array (may be NULL when @num is 0)
 * @num:	number of entries
 *
 * Each put clears the pointer, so calling it twice is harmless.
 */
void tee_params_put(struct tee_param *params, size_t num)
{
	size_t n;

	for (n = 0; n < num; n++) {
		if (!tee_param_is_memref(&params[n]))
			continue;
		if (params[n].u.memref.shm) {
			tee_shm_put(params[n].u.memref.shm);
			params[n].u.memref.shm = NULL;
		}
	}
}
