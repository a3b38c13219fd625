/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dlfcn.h - run-time loading of shared TA libraries, for TAs (OP-TEE's
 * interface; docs/ta-format.md, "Shared TA libraries"; decision 1520).
 *
 *   void *h = dlopen("<library uuid>", RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
 *   int (*f)(int) = dlsym(h, "f");
 *   dlclose(h);
 *
 * The flags must be exactly those three. dlopen(NULL, flags) is the TA
 * itself. Failures return NULL (dlclose: -1) and the TA's log says why.
 * A library stays loaded until the instance ends (RTLD_NODELETE).
 *
 * The calls are the TA runtime's tee_dlopen()/tee_dlsym()/tee_dlclose():
 * a TA never calls the C library's loader. A program that runs on the host
 * (the TA host, the host harness) and has this directory on its include
 * path defines TEEKIT_TA_HOST or is built as PIE, and gets the C
 * library's <dlfcn.h> unchanged.
 */
#ifndef TEEKIT_TA_DLFCN_H
#define TEEKIT_TA_DLFCN_H

#include_next <dlfcn.h>

#if !defined(TEEKIT_TA_HOST) && !defined(__PIE__)

#ifdef __cplusplus
extern "C" {
#endif

void *tee_dlopen(const char *filename, int flags);
void *tee_dlsym(void *handle, const char *symbol);
int tee_dlclose(void *handle);

#ifdef __cplusplus
}
#endif

#define dlopen(filename, flags)	tee_dlopen(filename, flags)
#define dlsym(handle, symbol)	tee_dlsym(handle, symbol)
#define dlclose(handle)		tee_dlclose(handle)

#endif /* !TEEKIT_TA_HOST && !__PIE__ */

#endif /* TEEKIT_TA_DLFCN_H */
