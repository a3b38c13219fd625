/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <user_ta_header.h>
#include "svc_ta.h"

#define TA_UUID			SVC_TA_UUID
#define TA_FLAGS		(TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE		(64 * 1024)
#define TA_DATA_SIZE		(1024 * 1024)
#define TA_VERSION		"1.0"
#define TA_DESCRIPTION		"teekit test TA: calls services and plugins"

#endif
