# SPDX-License-Identifier: BSD-2-Clause
# libteec: the GlobalPlatform TEE Client API (libteec/, docs/libteec.md).
#
# One source, built twice (decision 1540): once per generation of OP-TEE's
# client ABI, selected by TEEKIT_TEEC_ABI (libteec/tee_client_api.h):
#   $(B)/libteec/libteec.so.2.0.0  soname libteec.so.2, OP-TEE >= 4.2, the
#                                  tree's default: libteec.so -> it
#   $(B)/libteec/libteec.so.1.0.0  soname libteec.so.1, OP-TEE <= 4.1;
#                                  $(B)/libteec/teec1/libteec.so -> it
# Programs in the tree link with -L$(B)/libteec -lteec (generation 2) or,
# built with -DTEEKIT_TEEC_ABI=1, with -L$(B)/libteec/teec1 -lteec.
# 'make install' puts both libraries in $(PREFIX)/lib (USER_LIBS), and the
# links, the headers (generation 1's in include/teec1), teec.pc and
# teec1.pc through the install-libteec hook.

LIBTEEC_DIR := $(B)/libteec
LIBTEEC_REAL1 := $(LIBTEEC_DIR)/libteec.so.1.0.0
LIBTEEC_REAL2 := $(LIBTEEC_DIR)/libteec.so.2.0.0
LIBTEEC_SO := $(LIBTEEC_DIR)/libteec.so
LIBTEEC_SO1 := $(LIBTEEC_DIR)/teec1/libteec.so
LIBTEEC_SRCS := libteec/tee_client_api.c libteec/teec_result.c libteec/teec_scratch.c \
	libteec/teec_diag.c
LIBTEEC_OBJS1 := $(patsubst libteec/%.c,$(LIBTEEC_DIR)/abi1/%.pic.o,$(LIBTEEC_SRCS))
LIBTEEC_OBJS2 := $(patsubst libteec/%.c,$(LIBTEEC_DIR)/abi2/%.pic.o,$(LIBTEEC_SRCS))
LIBTEEC_HDRS := libteec/tee_client_api.h libteec/tee_client_api_extensions.h \
	libteec/teekit_teec.h
# generation 1's headers: the same files, with generation 1 as the default
LIBTEEC_HDRS1 := $(patsubst libteec/%,$(LIBTEEC_DIR)/include1/teec1/%,$(LIBTEEC_HDRS))
LIBTEEC_CFLAGS := -Ilibteec -fPIC

USER_LIBS += $(LIBTEEC_REAL1) $(LIBTEEC_REAL2)
USER_EXTRA += $(LIBTEEC_SO) $(LIBTEEC_SO1) $(LIBTEEC_DIR)/teec.pc $(LIBTEEC_DIR)/teec1.pc \
	$(LIBTEEC_HDRS1)
INSTALL_HOOKS += install-libteec

$(LIBTEEC_DIR)/abi1/%.pic.o: libteec/%.c $(LIBTEEC_HDRS) libteec/teec_private.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LIBTEEC_CFLAGS) -DTEEKIT_TEEC_ABI=1 -c -o $@ $<

$(LIBTEEC_DIR)/abi2/%.pic.o: libteec/%.c $(LIBTEEC_HDRS) libteec/teec_private.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LIBTEEC_CFLAGS) -DTEEKIT_TEEC_ABI=2 -c -o $@ $<

$(LIBTEEC_REAL1): $(LIBTEEC_OBJS1) libteec/libteec.map
	$(CC) -shared -Wl,-soname,libteec.so.1 -Wl,--version-script=libteec/libteec.map \
		-Wl,-z,defs -o $@ $(LIBTEEC_OBJS1) -lpthread

$(LIBTEEC_REAL2): $(LIBTEEC_OBJS2) libteec/libteec2.map
	$(CC) -shared -Wl,-soname,libteec.so.2 -Wl,--version-script=libteec/libteec2.map \
		-Wl,-z,defs -o $@ $(LIBTEEC_OBJS2) -lpthread

$(LIBTEEC_SO): $(LIBTEEC_REAL2)
	ln -sf libteec.so.2.0.0 $(LIBTEEC_DIR)/libteec.so.2
	ln -sf libteec.so.2 $@

$(LIBTEEC_SO1): $(LIBTEEC_REAL1)
	@mkdir -p $(dir $@)
	ln -sf libteec.so.1.0.0 $(LIBTEEC_DIR)/libteec.so.1
	ln -sf ../libteec.so.1 $@

$(LIBTEEC_DIR)/include1/teec1/tee_client_api.h: libteec/tee_client_api.h
	@mkdir -p $(dir $@)
	sed 's|^#define TEEKIT_TEEC_ABI 2$$|#define TEEKIT_TEEC_ABI 1|' $< > $@
	grep -q '^#define TEEKIT_TEEC_ABI 1$$' $@

$(LIBTEEC_DIR)/include1/teec1/%.h: libteec/%.h
	@mkdir -p $(dir $@)
	cp $< $@

$(LIBTEEC_DIR)/%.pc: libteec/%.pc.in
	@mkdir -p $(dir $@)
	sed 's|@PREFIX@|$(PREFIX)|' $< > $@

.PHONY: install-libteec
install-libteec: $(LIBTEEC_SO) $(LIBTEEC_SO1) $(LIBTEEC_DIR)/teec.pc $(LIBTEEC_DIR)/teec1.pc \
		$(LIBTEEC_HDRS1) install-user
	ln -sf libteec.so.1.0.0 $(DESTDIR)$(PREFIX)/lib/libteec.so.1
	ln -sf libteec.so.2.0.0 $(DESTDIR)$(PREFIX)/lib/libteec.so.2
	ln -sf libteec.so.2 $(DESTDIR)$(PREFIX)/lib/libteec.so
	install -d $(DESTDIR)$(PREFIX)/lib/teec1
	ln -sf ../libteec.so.1 $(DESTDIR)$(PREFIX)/lib/teec1/libteec.so
	install -d $(DESTDIR)$(PREFIX)/include/teec1 $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 0644 $(LIBTEEC_HDRS) $(DESTDIR)$(PREFIX)/include/
	install -m 0644 $(LIBTEEC_HDRS1) $(DESTDIR)$(PREFIX)/include/teec1/
	install -m 0644 $(LIBTEEC_DIR)/teec.pc $(LIBTEEC_DIR)/teec1.pc \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/
