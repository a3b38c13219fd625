/* SPDX-License-Identifier: BSD-2-Clause */
/* user_ta_header_defines.h - properties of the rsa TA. */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <rsa_ta.h>

#define TA_UUID			TA_RSA_UUID
#define TA_FLAGS		0
#define TA_STACK_SIZE		(16 * 1024)
#define TA_DATA_SIZE		(256 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit example: RSA-OAEP decryption with a key made in the TA"

#endif
