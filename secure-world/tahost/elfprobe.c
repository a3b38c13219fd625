// SPDX-License-Identifier: GPL-2.0-only
/*
 * elfprobe.c - what the host needs to know of a TA before loading it
 * (decision 1201): its declared stack and data sizes (the rlimits are set
 * before any TA code runs, so they cannot come from the loaded TA) and the
 * size of its image. Read from the file with pread(), never executed.
 *
 * The TA's teekit_ta_head sits alone in the section .teekit_ta_head
 * (sdk/src/ta_header.c); its scalar fields need no relocation. After
 * loading, the host checks the loaded head says the same.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "teeta.h"

#define HEAD_SECTION	".teekit_ta_head"
#define MAX_TABLE	(1 << 20)	/* program or section header table */

static void *read_at(int fd, uint64_t off, uint64_t len)
{
	void *p;

	if (!len || len > MAX_TABLE)
		return NULL;
	p = malloc(len);
	if (p && pread(fd, p, len, (off_t)off) != (ssize_t)len) {
		free(p);
		return NULL;
	}
	return p;
}

/*
 * Fills @head (scalar fields only: magic to data_size) and @image_size
 * (the span of the PT_LOAD segments). Returns 0, or -1 with @why set.
 */
int teeta_elf_probe(int fd, struct teekit_ta_head *head, uint64_t *image_size,
		    char *why, size_t whylen)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	Elf64_Shdr *sh = NULL;
	Elf64_Phdr *ph = NULL;
	char *names = NULL;
	Elf64_Ehdr eh;
	size_t want = offsetof(struct teekit_ta_head, description);
	int ret = -1;
	unsigned int i;

	memset(head, 0, sizeof(*head));
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_type != ET_DYN ||
	    eh.e_machine != EM_X86_64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_shentsize != sizeof(Elf64_Shdr) ||
	    eh.e_shstrndx >= eh.e_shnum) {
		snprintf(why, whylen, "not an x86_64 ELF shared object with section headers");
		return -1;
	}
	ph = read_at(fd, eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(*ph));
	sh = read_at(fd, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(*sh));
	if (!ph || !sh) {
		snprintf(why, whylen, "cannot read its program or section headers");
		goto out;
	}
	for (i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr < lo)
			lo = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_memsz > hi)
			hi = ph[i].p_vaddr + ph[i].p_memsz;
	}
	if (hi <= lo || hi - lo > (1ull << 32)) {
		snprintf(why, whylen, "no loadable segments, or over 4 GiB of them");
		goto out;
	}
	*image_size = hi - lo;
	names = read_at(fd, sh[eh.e_shstrndx].sh_offset,
			sh[eh.e_shstrndx].sh_size);
	if (!names) {
		snprintf(why, whylen, "cannot read its section names");
		goto out;
	}
	names[sh[eh.e_shstrndx].sh_size - 1] = 0;
	for (i = 0; i < eh.e_shnum; i++) {
		if (sh[i].sh_name >= sh[eh.e_shstrndx].sh_size ||
		    strcmp(names + sh[i].sh_name, HEAD_SECTION))
			continue;
		if (sh[i].sh_type != SHT_PROGBITS || sh[i].sh_size < want ||
		    pread(fd, head, want, (off_t)sh[i].sh_offset) != (ssize_t)want)
			break;
		ret = 0;
		goto out;
	}
	snprintf(why, whylen, "no section " HEAD_SECTION " (build the TA with the teekit SDK's ta_header.c)");
out:
	free(names);
	free(sh);
	free(ph);
	return ret;
}
