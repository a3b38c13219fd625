// SPDX-License-Identifier: GPL-2.0-only
/*
 * inspect: "teectl storage list" shows a TA's objects as the TA sees them
 * (ids, storage, sizes) and "teectl storage dump" their data on a
 * development machine, as root only, without writing a byte of the store,
 * the RPMB image or the HUK; a tampered store is reported, not listed;
 * another TA's store is not this TA's (tools/teectl/ssinspect.c).
 */
#include "st.h"

#define FILES_SUM "find " ST_FS " /var/lib/teekit/huk -type f | sort | xargs md5sum"

FIXTURE(inspect) {
	struct st t;
};

FIXTURE_SETUP(inspect)
{
	TEEC_Session *s;
	uint32_t h;

	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, true));
	s = &self->t.s;
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "small", "tiny data", 9, 0,
			       NULL));
	ASSERT_EQ(0, st_create(s, S_RPMB, F_RW, "in rpmb", "12345", 5, 0,
			       NULL));
	ASSERT_EQ(0, st_create(s, S_PRIVATE, F_RW, "big", NULL, 0, 0, &h));
	ASSERT_EQ(0, st_fill(s, h, 1, 5));
	st_close(s, h);
}

FIXTURE_TEARDOWN(inspect)
{
	st_down(&self->t);
	unlink("/tmp/st-insp.out");
	unlink("/tmp/st-insp.sum");
}

TEST_F(inspect, list_shows_every_object_as_the_ta_sees_it)
{
	ASSERT_EQ(0, tt_sh("teectl storage list %s --fs-root " ST_FS
			   " > /tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("grep -Eq '^private +9 .* small$' /tmp/st-insp.out"));
	EXPECT_EQ(0, system("grep -Eq '^private +1048576 .* big$' /tmp/st-insp.out"));
	EXPECT_EQ(0, system("grep -Eq '^rpmb +5 .* in rpmb$' /tmp/st-insp.out"));
	/* a header and the three objects */
	EXPECT_EQ(0, system("test $(wc -l < /tmp/st-insp.out) -eq 4"));
	/* --json: one object per entry */
	ASSERT_EQ(0, tt_sh("teectl --json storage list %s --fs-root " ST_FS
			   " > /tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("grep -q '\"storage\": \"rpmb\", \"id\": \"in rpmb\", \"size\": 5,' /tmp/st-insp.out"));
	EXPECT_EQ(0, system("grep -q '\"id\": \"big\", \"size\": 1048576' /tmp/st-insp.out"));
}

TEST_F(inspect, list_and_dump_write_nothing)
{
	uint32_t h;

	ASSERT_EQ(0, system(FILES_SUM " > /tmp/st-insp.sum"));
	/* the stack down too: nothing else writes meanwhile */
	st_down(&self->t);
	ASSERT_EQ(0, system(FILES_SUM " | cmp -s - /tmp/st-insp.sum"));
	ASSERT_EQ(0, tt_sh("teectl storage list %s --fs-root " ST_FS
			   " > /dev/null", ST_MAIN));
	ASSERT_EQ(0, tt_sh("teectl storage dump %s big --fs-root " ST_FS
			   " > /dev/null", ST_MAIN));
	EXPECT_EQ(0, system(FILES_SUM " | cmp -s - /tmp/st-insp.sum"));
	/* and the TA still reads its objects: no counter moved */
	ASSERT_EQ(0, st_up(&self->t, ST_MAIN, false));
	EXPECT_EQ(0, st_open(&self->t.s, S_RPMB, F_READ, "in rpmb", 7, &h));
}

TEST_F(inspect, dump_gives_the_data)
{
	ASSERT_EQ(0, tt_sh("teectl storage dump %s small --fs-root " ST_FS
			   " > /tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("printf 'tiny data' | cmp -s - /tmp/st-insp.out"));
	/* the id in hex; the data in hex */
	ASSERT_EQ(0, tt_sh("teectl storage dump %s hex:696e2072706d62 --hex --fs-root "
			   ST_FS " > /tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("grep -qx 3132333435 /tmp/st-insp.out"));
	ASSERT_EQ(0, tt_sh("teectl storage dump %s big --fs-root " ST_FS
			   " | wc -c | grep -qx 1048576", ST_MAIN));
	/* --out never overwrites */
	ASSERT_EQ(0, tt_sh("teectl storage dump %s small --out /tmp/st-insp.out --fs-root "
			   ST_FS " 2>/dev/null; test $? -eq 1", ST_MAIN));
}

TEST_F(inspect, errors_name_the_cause)
{
	/* not root */
	EXPECT_EQ(4, tt_sh("su user -c 'teectl storage list %s --fs-root "
				       ST_FS "' user 2>/tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("grep -q 'needs root' /tmp/st-insp.out"));
	/* no such object */
	EXPECT_EQ(5, tt_sh("teectl storage dump %s nothere --fs-root "
				       ST_FS " 2>/tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("grep -q 'has no object nothere' /tmp/st-insp.out"));
	/* not a development machine: no dump */
	/* a key without the development banner, as a production key is */
	ASSERT_EQ(0, system("grep -v 'DEVELOPMENT KEY' /etc/teekit/ta-signing-key.pub.pem > /tmp/st-prod.pub.pem"));
	EXPECT_EQ(4, tt_sh("teectl storage dump %s small --trusted-key /tmp/st-prod.pub.pem --fs-root "
				       ST_FS " 2>/tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("grep -q 'not the development key' /tmp/st-insp.out"));
	unlink("/tmp/st-prod.pub.pem");
	/* bad arguments, no store */
	EXPECT_EQ(2, WEXITSTATUS(system("teectl storage list not-a-uuid 2>/dev/null")));
	EXPECT_EQ(2, tt_sh("teectl storage dump %s hex:abc 2>/dev/null",
				       ST_MAIN));
	EXPECT_EQ(5, tt_sh("teectl storage list %s --fs-root /tmp/no-such-fs 2>/tmp/st-insp.out",
				       ST_MAIN));
	EXPECT_EQ(0, system("grep -q 'no trusted storage at /tmp/no-such-fs' /tmp/st-insp.out"));
	EXPECT_NE(0, access("/tmp/no-such-fs", F_OK));	/* not made */
}

TEST_F(inspect, another_ta_sees_nothing_of_this_one)
{
	ASSERT_EQ(0, tt_sh("teectl storage list %s --fs-root " ST_FS
			   " > /tmp/st-insp.out", ST_OTHER));
	EXPECT_EQ(0, system("grep -q 'has no persistent objects' /tmp/st-insp.out"));
	EXPECT_NE(0, system("grep -q small /tmp/st-insp.out"));
	EXPECT_EQ(5, tt_sh("teectl storage dump %s small --fs-root "
				       ST_FS " 2>/dev/null", ST_OTHER));
}

TEST_F(inspect, a_tampered_store_is_reported_not_listed)
{
	st_down(&self->t);
	/* every store's manifest (the private store's and the RPMB one's) */
	ASSERT_EQ(0, system("for f in " ST_FS "/teekit-ss/*/manifest; do "
			    "printf '\\001' | dd of=$f bs=1 seek=100 conv=notrunc status=none || exit 1; done"));
	EXPECT_EQ(1, tt_sh("teectl storage list %s --fs-root " ST_FS
				       " >/tmp/st-insp.sum 2>/tmp/st-insp.out", ST_MAIN));
	EXPECT_EQ(0, system("grep -q CORRUPT_OBJECT /tmp/st-insp.out"));
	EXPECT_NE(0, system("grep -q small /tmp/st-insp.sum"));
}

TEST_HARNESS_MAIN
