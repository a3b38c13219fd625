# SPDX-License-Identifier: BSD-2-Clause
# libteec: the GlobalPlatform TEE Client API (libteec/, docs/libteec.md).
#
# Builds $(B)/libteec/libteec.so.1.0.0 (soname libteec.so.1) with the
# links libteec.so.1 and libteec.so next to it, so that programs in the tree
# link with -L$(B)/libteec -lteec. 'make install' puts the library in
# $(PREFIX)/lib (USER_LIBS), and the links, the headers and teec.pc through
# the install-libteec hook.

LIBTEEC_DIR := $(B)/libteec
LIBTEEC_REAL := $(LIBTEEC_DIR)/libteec.so.1.0.0
LIBTEEC_SO := $(LIBTEEC_DIR)/libteec.so
LIBTEEC_SRCS := libteec/tee_client_api.c libteec/teec_result.c libteec/teec_scratch.c \
	libteec/teec_diag.c
LIBTEEC_OBJS := $(patsubst %.c,$(B)/%.pic.o,$(LIBTEEC_SRCS))
LIBTEEC_HDRS := libteec/tee_client_api.h libteec/tee_client_api_extensions.h \
	libteec/teekit_teec.h
LIBTEEC_CFLAGS := -Ilibteec -fPIC

USER_LIBS += $(LIBTEEC_REAL)
USER_EXTRA += $(LIBTEEC_SO) $(LIBTEEC_DIR)/teec.pc
INSTALL_HOOKS += install-libteec

$(B)/libteec/%.pic.o: libteec/%.c $(LIBTEEC_HDRS) libteec/teec_private.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LIBTEEC_CFLAGS) -c -o $@ $<

$(LIBTEEC_REAL): $(LIBTEEC_OBJS) libteec/libteec.map
	$(CC) -shared -Wl,-soname,libteec.so.1 -Wl,--version-script=libteec/libteec.map \
		-Wl,-z,defs -o $@ $(LIBTEEC_OBJS) -lpthread

$(LIBTEEC_SO): $(LIBTEEC_REAL)
	ln -sf libteec.so.1.0.0 $(LIBTEEC_DIR)/libteec.so.1
	ln -sf libteec.so.1 $@

$(LIBTEEC_DIR)/teec.pc: libteec/teec.pc.in
	@mkdir -p $(dir $@)
	sed 's|@PREFIX@|$(PREFIX)|' $< > $@

.PHONY: install-libteec
install-libteec: $(LIBTEEC_SO) $(LIBTEEC_DIR)/teec.pc install-user
	ln -sf libteec.so.1.0.0 $(DESTDIR)$(PREFIX)/lib/libteec.so.1
	ln -sf libteec.so.1 $(DESTDIR)$(PREFIX)/lib/libteec.so
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 0644 $(LIBTEEC_HDRS) $(DESTDIR)$(PREFIX)/include/
	install -m 0644 $(LIBTEEC_DIR)/teec.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
