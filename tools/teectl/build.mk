# SPDX-License-Identifier: GPL-2.0-only
# teectl: the command-line tool (tools/teectl). 'invoke' goes through
# libteec; 'ta' uses the secure world's TA format code (ta_image.o);
# 'storage list|dump' runs the secure world's storage code in the host
# harness's runtime (TATEST_OBJS) on tee-supplicant's FS and RPMB handlers
# (SUPP_LIB): tools/teectl/ssinspect.c.

USER_BINS += $(B)/tools/teectl/teectl
INSTALL_HOOKS += install-teectl-man

TEECTL_SRCS := $(wildcard tools/teectl/*.c)

$(B)/tools/teectl/teectl: $(TEECTL_SRCS) tools/teectl/teectl.h \
		$(B)/libteec/libteec.so $(B)/secure-world/ta_image.o secure-world/ta_image.h \
		$(TATEST_OBJS) $(SUPP_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Ilibteec -Isecure-world -Isdk/include \
		-Isecure-world/tahost -Isdk/tatest -Isupplicant -o $@ $(TEECTL_SRCS) \
		$(B)/secure-world/ta_image.o $(TATEST_OBJS) $(SUPP_LIB) \
		-L$(B)/libteec -lteec -ldl -lpthread -lcrypto

.PHONY: install-teectl-man
install-teectl-man:
	install -d $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0644 tools/teectl/teectl.8 $(DESTDIR)$(PREFIX)/share/man/man8/
