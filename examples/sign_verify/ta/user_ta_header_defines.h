/* SPDX-License-Identifier: BSD-2-Clause */
/* user_ta_header_defines.h - properties of the sign_verify TA. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <sign_verify_ta.h>

#define TA_UUID			TA_SIGN_VERIFY_UUID
#define TA_FLAGS		0
#define TA_STACK_SIZE		(16 * 1024)
#define TA_DATA_SIZE		(256 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit example: RSA-PSS and ECDSA P-256 signatures"

#endif
