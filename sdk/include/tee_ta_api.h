/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tee_ta_api.h - the five entry points every Trusted Application provides.
 */
#ifndef TEE_TA_API_H
#define TEE_TA_API_H

#include <tee_api_types.h>

/*
 * GP 1.1 TAs (__OPTEE_CORE_API_COMPAT_1_1, OP-TEE's names): the two entry
 * points that take parameters get other symbol names, so the host can tell
 * a TA whose entry points and header disagree (every file of a TA must be
 * built with the same setting of the switch).
 */
#ifdef __OPTEE_CORE_API_COMPAT_1_1
#define TA_OpenSessionEntryPoint	__GP11_TA_OpenSessionEntryPoint
#define TA_InvokeCommandEntryPoint	__GP11_TA_InvokeCommandEntryPoint
#endif

TEE_Result TA_CreateEntryPoint(void);
void TA_DestroyEntryPoint(void);
TEE_Result TA_OpenSessionEntryPoint(uint32_t paramTypes,
				    TEE_Param params[TEE_NUM_PARAMS],
				    void **sessionContext);
void TA_CloseSessionEntryPoint(void *sessionContext);
TEE_Result TA_InvokeCommandEntryPoint(void *sessionContext,
				      uint32_t commandID, uint32_t paramTypes,
				      TEE_Param params[TEE_NUM_PARAMS]);

#endif /* TEE_TA_API_H */
