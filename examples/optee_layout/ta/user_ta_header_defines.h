/* SPDX-License-Identifier: BSD-2-Clause */
/* The TA's properties, read by the dev kit (OP-TEE's convention) */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <optee_layout_ta.h>

#define TA_UUID			TA_OPTEE_LAYOUT_UUID
#define TA_FLAGS		TA_FLAG_EXEC_DDR
#define TA_STACK_SIZE		(2 * 1024)
#define TA_DATA_SIZE		(32 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit example: an OP-TEE-layout TA tree"

#endif
