/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * teekit_tatest.h - the TA host harness (teekit TA SDK): run a Trusted
 * Application's entry points inside an ordinary host program, for unit
 * tests with any test framework, gdb, valgrind or ASan.
 *
 * The TA runs on teekit's own TA runtime (the code teekit-tahost runs),
 * linked into libteekit-tatest. Build: pkg-config teekit-tatest, or CMake
 * find_package(teekit) and the target teekit::tatest. Guide:
 * docs/ta-sdk.md, "Testing a TA on the host".
 *
 *	struct tatest *t = tatest_load("./<uuid>.so");
 *	TEE_Param p[4] = { { .value = { 1, 2 } } };
 *	uint32_t sess, origin;
 *
 *	if (!t)
 *		errx(1, "%s", tatest_error());
 *	tatest_open(t, NULL, 0, NULL, &sess, &origin);
 *	tatest_invoke(t, sess, CMD, TEE_PARAM_TYPES(...), p, &origin);
 *	tatest_close(t, sess);
 *	tatest_unload(t);
 *
 * One TA is loaded per process at a time, and its calls run in the
 * calling thread; only tatest_cancel() may be called from another thread.
 */
#ifndef TEEKIT_TATEST_H
#define TEEKIT_TATEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tee_api_defines.h>
#include <tee_api_types.h>
#include <tee_ta_api.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tatest;
struct teekit_ta_head;

/*
 * The symbols of a TA linked into the test program (tatest_load_syms);
 * the results are TEE_Result values.
 */
struct tatest_ta_syms {
	const struct teekit_ta_head *head;	/* teekit_ta_head (ta_header.c) */
	uint32_t (*create)(void);
	void (*destroy)(void);
	uint32_t (*open)(uint32_t ptypes, TEE_Param *params, void **sess_ctx);
	void (*close)(void *sess_ctx);
	uint32_t (*invoke)(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			   TEE_Param *params);
};

/*
 * Loads a TA built with ta.mk (<uuid>.so, unsigned) with dlopen. NULL on
 * failure; tatest_error() says why. The instance is created (with
 * TA_CreateEntryPoint) by the first tatest_open().
 */
struct tatest *tatest_load(const char *so_path);

/* A TA whose objects (with the SDK's ta_header.c) are linked in. */
struct tatest *tatest_load_syms(const struct tatest_ta_syms *syms);

/* The text of the last load failure: its cause and the fix. */
const char *tatest_error(void);

/*
 * Closes the sessions still open (TA_CloseSessionEntryPoint), ends the
 * instance (TA_DestroyEntryPoint) and releases the TA.
 */
void tatest_unload(struct tatest *t);

/*
 * Opens a session as client (NULL: TEE_LOGIN_PUBLIC, nil UUID; what the TA
 * reads as gpd.client.identity). Starts the instance if there is none; a
 * failing TA_CreateEntryPoint is returned with origin TEE_ORIGIN_TEE.
 * Values and memrefs are passed as by TEEC_OpenSession; params may be NULL
 * when ptypes is 0. origin may be NULL.
 */
TEE_Result tatest_open(struct tatest *t, const TEE_Identity *client,
		       uint32_t ptypes, TEE_Param params[TEE_NUM_PARAMS],
		       uint32_t *session, uint32_t *origin);

/*
 * Invokes a command. Each memref with a buffer is given to the TA as a
 * private copy of exactly memref.size bytes, so a TA that reads or writes
 * past it is caught by ASan or valgrind; output and inout contents are
 * copied back and their sizes updated (also with TEE_ERROR_SHORT_BUFFER).
 * A NULL buffer passes only the size (a size query).
 */
TEE_Result tatest_invoke(struct tatest *t, uint32_t session, uint32_t cmd,
			 uint32_t ptypes, TEE_Param params[TEE_NUM_PARAMS],
			 uint32_t *origin);

/*
 * Closes a session (TA_CloseSessionEntryPoint). The instance ends with
 * the last session unless the TA is single-instance and keep-alive.
 */
TEE_Result tatest_close(struct tatest *t, uint32_t session);

/*
 * A TEE_Panic() ends the call with TEE_ERROR_TARGET_DEAD, origin
 * TEE_ORIGIN_TEE, and kills the instance as in the TEE: its sessions then
 * answer TEE_ERROR_TARGET_DEAD; the next tatest_open() starts a new one.
 * True when the last call panicked; *code (may be NULL) gets the code.
 */
bool tatest_panicked(struct tatest *t, uint32_t *code);

/*
 * Requests cancellation of the running call, or of the next one if none
 * runs; cleared when that call returns. Thread-safe. The TA sees it with
 * TEE_GetCancellationFlag() and in TEE_Wait() once it unmasked it.
 */
void tatest_cancel(struct tatest *t);

/*
 * TA log lines (trace.h) and the harness's own messages go to stderr, or
 * to fn (one line, without the newline) when fn is not NULL.
 */
typedef void (*tatest_log_fn)(void *arg, const char *line);
void tatest_set_log(struct tatest *t, tatest_log_fn fn, void *arg);

/* Trace level at run time, 1 (errors) to 4 (flow); TRACE_LEVEL caps it. */
void tatest_set_log_level(struct tatest *t, int level);

/* Open sessions, and whether an instance is running. */
unsigned int tatest_sessions(struct tatest *t);
bool tatest_instance_alive(struct tatest *t);

/* Forgets the in-memory REE file system (the TA persistent time). */
void tatest_reset_storage(void);

/*
 * For a TA linked into the test program: tatest_load_linked() loads the
 * TA entry points (tee_ta_api.h) and teekit_ta_head found at link time.
 */
extern const struct teekit_ta_head teekit_ta_head;

static inline struct tatest *tatest_load_linked(void)
{
	const struct tatest_ta_syms s = {
		.head = &teekit_ta_head,
		.create = TA_CreateEntryPoint,
		.destroy = TA_DestroyEntryPoint,
		.open = TA_OpenSessionEntryPoint,
		.close = TA_CloseSessionEntryPoint,
		.invoke = TA_InvokeCommandEntryPoint,
	};

	return tatest_load_syms(&s);
}

#ifdef __cplusplus
}
#endif

#endif /* TEEKIT_TATEST_H */
