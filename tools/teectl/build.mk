# SPDX-License-Identifier: GPL-2.0-only
# teectl: the command-line tool (tools/teectl). 'invoke' goes through
# libteec; 'ta' uses the secure world's TA format code (ta_image.o).

USER_BINS += $(B)/tools/teectl/teectl
INSTALL_HOOKS += install-teectl-man

TEECTL_SRCS := $(wildcard tools/teectl/*.c)

$(B)/tools/teectl/teectl: $(TEECTL_SRCS) tools/teectl/teectl.h \
		$(B)/libteec/libteec.so $(B)/secure-world/ta_image.o secure-world/ta_image.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Ilibteec -Isecure-world -Isdk/include -o $@ $(TEECTL_SRCS) \
		$(B)/secure-world/ta_image.o -L$(B)/libteec -lteec -ldl -lcrypto

.PHONY: install-teectl-man
install-teectl-man:
	install -d $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0644 tools/teectl/teectl.8 $(DESTDIR)$(PREFIX)/share/man/man8/
