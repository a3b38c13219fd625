// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of the TA runtime's memory-rights check
 * (secure-world/tahost/memrights.c, TEE_CheckMemoryAccessRights): the
 * maps walker on made-up lines, then the real check on this process's
 * own mappings, built to order: private next to shared, PROT_NONE,
 * read-only and unmapped pages.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "tahost/teeta.h"

#define R	TEE_MEMORY_ACCESS_READ
#define W	TEE_MEMORY_ACCESS_WRITE
#define ANY	TEE_MEMORY_ACCESS_ANY_OWNER
#define DENIED	TEE_ERROR_ACCESS_DENIED

static const char *maps[] = {
	"1000-3000 r-xp 00000000 08:01 12 /ta.so",
	"3000-4000 ---p 00002000 08:01 12 /ta.so",
	"4000-5000 r--p 00003000 08:01 12 /ta.so",
	"5000-6000 rw-p 00000000 00:00 0",
	"6000-7000 rw-s 00000000 00:05 3 /dev/teekit_sim",
	"9000-a000 rw-p 00000000 00:00 0 [stack]",
};

static struct teeta_mem_walk walk(uintptr_t s, uintptr_t e)
{
	struct teeta_mem_walk w;
	unsigned int i;

	teeta_mem_walk_init(&w, s, e);
	for (i = 0; i < ARRAY_SIZE(maps); i++)
		if (!teeta_mem_walk_line(&w, maps[i]))
			break;
	teeta_mem_walk_finish(&w);
	return w;
}

TEST(walker_inside_one_mapping)
{
	struct teeta_mem_walk w = walk(0x5010, 0x5020);

	EXPECT_FALSE(w.hole || w.no_read || w.no_write || w.shared || w.bad);
	w = walk(0x1000, 0x3000);
	EXPECT_FALSE(w.hole || w.no_read);
	EXPECT_TRUE(w.no_write);
}

TEST(walker_across_mappings)
{
	/* text, PROT_NONE, rodata: mapped, not all readable */
	struct teeta_mem_walk w = walk(0x2ff0, 0x4010);

	EXPECT_FALSE(w.hole);
	EXPECT_TRUE(w.no_read && w.no_write);
	/* private data into the shared view */
	w = walk(0x5ff0, 0x6010);
	EXPECT_FALSE(w.hole || w.no_read || w.no_write);
	EXPECT_TRUE(w.shared);
	/* rodata, data: readable, partly read-only */
	w = walk(0x4ff0, 0x5010);
	EXPECT_FALSE(w.hole || w.no_read || w.shared);
	EXPECT_TRUE(w.no_write);
}

TEST(walker_holes)
{
	EXPECT_TRUE(walk(0x0, 0x10).hole);		/* before everything */
	EXPECT_TRUE(walk(0x7000, 0x8000).hole);	/* between */
	EXPECT_TRUE(walk(0x6ff0, 0x9010).hole);	/* across a gap */
	EXPECT_TRUE(walk(0x9ff0, 0xa010).hole);	/* past the end */
	EXPECT_TRUE(walk(0xb000, 0xc000).hole);
}

TEST(walker_bad_line)
{
	struct teeta_mem_walk w;

	teeta_mem_walk_init(&w, 0x1000, 0x2000);
	EXPECT_FALSE(teeta_mem_walk_line(&w, "garbage"));
	EXPECT_TRUE(w.bad);
	teeta_mem_walk_init(&w, 0x1000, 0x2000);
	EXPECT_FALSE(teeta_mem_walk_line(&w, "3000-1000 rw-p 0 0:0 0"));
	EXPECT_TRUE(w.bad);
}

/*
 * Five pages in a row: private rw, shared rw, private read-only,
 * PROT_NONE, then an unmapped one.
 */
TEST(check_on_real_mappings)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *b, *sh;

	ASSERT_EQ(0, teeta_mem_init());
	b = mmap(NULL, 5 * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, b);
	sh = mmap(b + pg, pg, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ(b + pg, sh);
	ASSERT_EQ(0, mprotect(b + 2 * pg, pg, PROT_READ));
	ASSERT_EQ(0, mprotect(b + 3 * pg, pg, PROT_NONE));
	ASSERT_EQ(0, munmap(b + 4 * pg, pg));

	EXPECT_EQ(TEE_SUCCESS, teeta_mem_access(R | W, b, pg));
	/* shared: only with ANY_OWNER, also when the range starts private */
	EXPECT_EQ(DENIED, teeta_mem_access(R | W, sh, pg));
	EXPECT_EQ(TEE_SUCCESS, teeta_mem_access(R | W | ANY, sh, pg));
	EXPECT_EQ(DENIED, teeta_mem_access(R, b + pg - 8, 16));
	EXPECT_EQ(TEE_SUCCESS, teeta_mem_access(R | W | ANY, b + pg - 8, 16));
	/* read-only */
	EXPECT_EQ(TEE_SUCCESS, teeta_mem_access(R, b + 2 * pg, pg));
	EXPECT_EQ(DENIED, teeta_mem_access(W, b + 2 * pg, pg));
	EXPECT_EQ(DENIED, teeta_mem_access(R | W | ANY, b + 2 * pg - 8, 16));
	EXPECT_EQ(TEE_SUCCESS, teeta_mem_access(R | ANY, b, 3 * pg));
	/* PROT_NONE: mapped, nothing allowed */
	EXPECT_EQ(DENIED, teeta_mem_access(R, b + 3 * pg, 1));
	EXPECT_EQ(DENIED, teeta_mem_access(W, b + 3 * pg, 1));
	EXPECT_EQ(TEE_SUCCESS, teeta_mem_access(0, b + 3 * pg, pg));
	EXPECT_EQ(DENIED, teeta_mem_access(R | ANY, b + 3 * pg - 8, 16));
	/* unmapped */
	EXPECT_EQ(DENIED, teeta_mem_access(0, b + 4 * pg, 1));
	EXPECT_EQ(DENIED, teeta_mem_access(0, b + 4 * pg - 8, 16));
	/* bad flags, wrap-around, size 0 */
	EXPECT_EQ(DENIED, teeta_mem_access(R | 0x8, b, 1));
	EXPECT_EQ(DENIED, teeta_mem_access(R, (void *)(uintptr_t)-8, 16));
	EXPECT_EQ(TEE_SUCCESS, teeta_mem_access(R, b + 4 * pg, 0));
	munmap(b, 4 * pg);
}

TEST_HARNESS_MAIN
