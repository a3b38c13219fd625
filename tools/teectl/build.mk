# SPDX-License-Identifier: GPL-2.0-only
# teectl: the command-line tool (tools/teectl).

USER_BINS += $(B)/tools/teectl/teectl

$(B)/tools/teectl/teectl: tools/teectl/teectl.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<
