// SPDX-License-Identifier: GPL-2.0-only
/*
 * ca.c - a client application built by tests/host/libteec-abi.sh against
 * each installed header (pkg-config teec or teec1): OP-TEE's layouts are
 * asserted at compile time (optee_layout.h), and at run time, without any
 * TEE, the library must write the implementation-defined members where
 * this program's header has them: a library of the other generation would
 * write them elsewhere. Prints "abi N ok" or what differed; exit 0 or 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <tee_client_api.h>
#include <teekit_teec.h>

#include "optee_layout.h"

#if TEEKIT_TEEC_ABI == 1
#define CTX(c)		(c)
#define SHM(m)		(m)
#define SHM_KIND(m)	((m)->internal.flags)
#else
#define CTX(c)		(&(c)->imp)
#define SHM(m)		(&(m)->imp)
#define SHM_KIND(m)	((m)->imp.flags)
#endif

static int bad;

static void check(int cond, const char *what)
{
	if (!cond) {
		printf("abi %d: %s\n", TEEKIT_TEEC_ABI, what);
		bad = 1;
	}
}

int main(void)
{
	TEEC_SharedMemory shm;
	TEEC_Context ctx;
	TEEC_Result res;
	void *map;

	/* a block the library takes for one it allocated (kind 0x1) */
	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return 2;
	memset(&shm, 0x5a, sizeof(shm));
	shm.buffer = map;
	shm.size = 100;
	shm.flags = TEEC_MEM_INPUT;
	SHM(&shm)->id = 7;
	SHM(&shm)->alloced_size = 4096;
	SHM(&shm)->shadow_buffer = NULL;
	SHM(&shm)->registered_fd = -1;
	SHM_KIND(&shm) = 0x1;
	TEEC_ReleaseSharedMemory(&shm);
	check(shm.buffer == NULL, "buffer not reset by TEEC_ReleaseSharedMemory");
	check(SHM(&shm)->id == -1, "id not reset by TEEC_ReleaseSharedMemory");
	check(SHM(&shm)->registered_fd == -1, "registered_fd changed");
	check(SHM_KIND(&shm) == 0, "kind not reset by TEEC_ReleaseSharedMemory");
	check(shm.size == 100 && shm.flags == TEEC_MEM_INPUT, "size or flags changed");

	/* a context: the library marks it unused (fd -1) before looking */
	memset(&ctx, 0x5a, sizeof(ctx));
	res = TEEC_InitializeContext(getenv("CA_TEE_NAME"), &ctx);
	check(res != TEEC_SUCCESS, "TEEC_InitializeContext found a TEE on the host");
	check(CTX(&ctx)->fd == -1, "context fd not where the header has it");
	if (!bad)
		printf("abi %d ok (%s), sizeof(TEEC_SharedMemory) %zu\n", TEEKIT_TEEC_ABI,
		       teekit_teec_strerror(res), sizeof(TEEC_SharedMemory));
	return bad;
}
