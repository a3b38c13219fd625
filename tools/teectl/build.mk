# SPDX-License-Identifier: GPL-2.0-only
# teectl: the command-line tool (tools/teectl). 'invoke' goes through libteec.

USER_BINS += $(B)/tools/teectl/teectl

$(B)/tools/teectl/teectl: tools/teectl/teectl.c tools/teectl/invoke.c tools/teectl/teectl.h \
		$(B)/libteec/libteec.so
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Ilibteec -o $@ tools/teectl/teectl.c tools/teectl/invoke.c \
		-L$(B)/libteec -lteec
