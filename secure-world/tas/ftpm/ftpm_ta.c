// SPDX-License-Identifier: BSD-2-Clause
/*
 * ftpm_ta.c - a firmware TPM 2.0: libtpms behind OP-TEE's fTPM TA
 * protocol (docs/tpm.md). One instance holds the TPM; its state is kept
 * in trusted storage by ftpm_nv.c, its cryptography is libtpms's, on the
 * TA host's libcrypto.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_internal_api.h>

#include <libtpms/tpm_error.h>
#include <libtpms/tpm_library.h>

#include <teekit_ftpm_ta.h>
#include "ftpm.h"

/*
 * libtpms.a is built for executables (PIE): its one reference to the
 * C library's stderr (in TPMLIB_DecodeBlob, which this TA never calls)
 * cannot be linked into a shared object. The build renames it to this
 * variable of ours (objcopy --redefine-sym, decision 1911), set to the
 * real stderr before libtpms runs.
 */
__attribute__((visibility("hidden"))) FILE *ftpm_libtpms_stderr;

struct ftpm_stats ftpm_stats;

static bool tpm_up;
static uint8_t cmd_buf[TA_FTPM_MAX_COMMAND];
/* libtpms's response buffer: it (re)allocates it, we keep it */
static unsigned char *resp_buf;
static uint32_t resp_buf_size;

/*
 * TPM2_Startup(CLEAR) as firmware runs it at power-on, so that a new
 * instance (first load, or after the last one died) serves at once; a
 * driver that sends its own Startup gets TPM_RC_INITIALIZE, which the
 * kernel's TPM core takes as "already started". Tag NO_SESSIONS, size
 * 12, command code 0x144, startup type CLEAR: TPM 2.0 Part 3, 9.3.
 */
static void ftpm_startup(void)
{
	static const uint8_t cmd[12] = {
		0x80, 0x01, 0x00, 0x00, 0x00, 0x0c,
		0x00, 0x00, 0x01, 0x44, 0x00, 0x00,
	};
	uint32_t resp_len = 0;
	TPM_RESULT rc;

	memcpy(cmd_buf, cmd, sizeof(cmd));
	rc = TPMLIB_Process(&resp_buf, &resp_len, &resp_buf_size, cmd_buf,
			    sizeof(cmd));
	if (rc != TPM_SUCCESS || resp_len < 10)
		EMSG("TPM2_Startup did not run: TPM_RESULT 0x%x", rc);
	else if (resp_buf[6] | resp_buf[7] | resp_buf[8] | resp_buf[9])
		EMSG("TPM2_Startup(CLEAR) answered 0x%02x%02x%02x%02x",
		     resp_buf[6], resp_buf[7], resp_buf[8], resp_buf[9]);
}

/*
 * Start the TPM: its state comes from trusted storage, whose requests go
 * to tee-supplicant as RPCs of a client's call, so this runs in the
 * first session's open, not in TA_CreateEntryPoint (which runs before
 * any call, with no way to reach the supplicant).
 */
static TEE_Result ftpm_start(void)
{
	TPM_RESULT rc;

	rc = ftpm_nv_register();
	if (rc == TPM_SUCCESS)
		rc = TPMLIB_ChooseTPMVersion(TPMLIB_TPM_VERSION_2);
	if (rc != TPM_SUCCESS) {
		EMSG("libtpms refused its set-up: TPM_RESULT 0x%x (a libtpms without TPM 2.0?)",
		     rc);
		return TEE_ERROR_NOT_SUPPORTED;
	}
	rc = TPMLIB_MainInit();
	if (rc != TPM_SUCCESS) {
		EMSG("the TPM did not start: TPM_RESULT 0x%x; its state in trusted storage is unreadable or tee-supplicant is not running (see the lines above)",
		     rc);
		return TEE_ERROR_GENERIC;
	}
	tpm_up = true;
	ftpm_startup();
	IMSG("TPM 2.0 up (libtpms %u.%u.%u), state loaded %u time(s)",
	     TPMLIB_GetVersion() >> 16, (TPMLIB_GetVersion() >> 8) & 0xff,
	     TPMLIB_GetVersion() & 0xff, ftpm_stats.nv_loads);
	return TEE_SUCCESS;
}

TEE_Result TA_CreateEntryPoint(void)
{
	ftpm_libtpms_stderr = stderr;
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	if (tpm_up)
		TPMLIB_Terminate();
	tpm_up = false;
	free(resp_buf);
	resp_buf = NULL;
	resp_buf_size = 0;
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types,
				    TEE_Param params[4], void **sess_ctx)
{
	(void)params;
	(void)sess_ctx;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	return tpm_up ? TEE_SUCCESS : ftpm_start();
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
}

static TEE_Result submit(TEE_Param params[4])
{
	uint32_t cmd_len = params[0].memref.size;
	uint32_t resp_len = 0;
	TPM_RESULT rc;

	/* a TPM command header is 10 bytes: tag, size, command code */
	if (cmd_len < 10 || cmd_len > TA_FTPM_MAX_COMMAND) {
		EMSG("a TPM command of %u bytes (10 to %u): refused", cmd_len,
		     TA_FTPM_MAX_COMMAND);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	/* the memref is shared with the normal world: the TPM parses a copy */
	memcpy(cmd_buf, params[0].memref.buffer, cmd_len);
	rc = TPMLIB_Process(&resp_buf, &resp_len, &resp_buf_size, cmd_buf,
			    cmd_len);
	if (rc != TPM_SUCCESS) {
		EMSG("libtpms could not run the command: TPM_RESULT 0x%x", rc);
		return TEE_ERROR_GENERIC;
	}
	if (resp_len > params[1].memref.size) {
		EMSG("the TPM's response of %u bytes does not fit the %zu-byte buffer: lost",
		     resp_len, params[1].memref.size);
		params[1].memref.size = resp_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	memcpy(params[1].memref.buffer, resp_buf, resp_len);
	params[1].memref.size = resp_len;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd,
				      uint32_t param_types, TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd) {
	case TA_FTPM_SUBMIT_COMMAND:
		if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
						   TEE_PARAM_TYPE_MEMREF_INOUT,
						   TEE_PARAM_TYPE_NONE,
						   TEE_PARAM_TYPE_NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return submit(params);
	case TA_FTPM_EMULATE_PPI:
		EMSG("physical presence emulation (command 1) is not implemented");
		return TEE_ERROR_NOT_IMPLEMENTED;
	default:
		EMSG("unknown command %u", cmd);
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
