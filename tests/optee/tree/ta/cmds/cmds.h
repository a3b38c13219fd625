/* SPDX-License-Identifier: GPL-2.0-only */
/* cmds.h - the commands built from the TA's second source directory */
#ifndef OLT_CMDS_H
#define OLT_CMDS_H

#include <tee_internal_api.h>

uint32_t olt_cmds_flags(void);
TEE_Result olt_cmd_util(uint32_t param_types,
			TEE_Param params[TEE_NUM_PARAMS]);

#endif
