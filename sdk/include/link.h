/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * link.h - dl_iterate_phdr() for TAs (OP-TEE offers it to TAs, e.g. for
 * unwinders): it walks the TA and the shared TA libraries loaded for it,
 * not the objects of the TA host. struct dl_phdr_info is the C library's.
 * Host programs: see <dlfcn.h> (TEEKIT_TA_HOST).
 */
#ifndef TEEKIT_TA_LINK_H
#define TEEKIT_TA_LINK_H

#include_next <link.h>

#if !defined(TEEKIT_TA_HOST) && !defined(__PIE__)

#ifndef __USE_GNU
/* the C library's layout, which it declares only for _GNU_SOURCE */
struct dl_phdr_info {
	Elf64_Addr dlpi_addr;		/* load address */
	const char *dlpi_name;
	const Elf64_Phdr *dlpi_phdr;	/* program headers */
	Elf64_Half dlpi_phnum;
	unsigned long long dlpi_adds;
	unsigned long long dlpi_subs;
	size_t dlpi_tls_modid;
	void *dlpi_tls_data;
};
#endif

#ifdef __cplusplus
extern "C" {
#endif

int tee_dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info,
					size_t size, void *data),
			void *data);

#ifdef __cplusplus
}
#endif

#define dl_iterate_phdr(callback, data)	tee_dl_iterate_phdr(callback, data)

#endif /* !TEEKIT_TA_HOST && !__PIE__ */

#endif /* TEEKIT_TA_LINK_H */
