# SPDX-License-Identifier: GPL-2.0-only
# tee-supplicant (supplicant/): the daemon, its handler library (also linked
# by the host unit tests and the in-VM tests) and the test plugin. Its
# systemd units, udev rules and accounts are systemd/build.mk's.

SUPP_SRCS := $(addprefix supplicant/,log.c shm.c dispatch.c load_ta.c fs.c \
	plugins.c loop.c pool.c threads.c notify.c sd_notify.c \
	rpmb.c socket.c)
SUPP_OBJS := $(patsubst %.c,$(B)/%.o,$(SUPP_SRCS))
SUPP_LIB := $(B)/supplicant/libsupp.a
SUPP_LDLIBS := -lpthread -ldl -lcrypto

# The test plugin: loaded by tests/unit/supplicant and tests/supplicant/*.
SUPP_TEST_PLUGIN_UUID := 7e57a000-0000-4000-8000-000000000001
SUPP_TEST_PLUGIN := $(B)/tests/supplicant/plugin/$(SUPP_TEST_PLUGIN_UUID).plugin.so

USER_SBINS += $(B)/supplicant/tee-supplicant
USER_EXTRA += $(SUPP_TEST_PLUGIN)
INSTALL_HOOKS += install-supplicant
TEST_INSTALL_HOOKS += install-supplicant-tests

$(SUPP_LIB): $(SUPP_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(B)/supplicant/tee-supplicant: $(B)/supplicant/main.o $(SUPP_LIB)
	$(CC) $(USER_CFLAGS) -o $@ $^ $(SUPP_LDLIBS)

$(SUPP_TEST_PLUGIN): tests/supplicant/plugin/test_plugin.c \
		supplicant/include/tee_plugin_method.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -fPIC -shared -Isupplicant/include \
		-DTEST_PLUGIN_UUID='"$(SUPP_TEST_PLUGIN_UUID)"' -o $@ $<

# Host unit tests of the handlers (no kernel needed).
$(B)/tests/unit/supplicant: tests/unit/supplicant.c $(SUPP_LIB) \
		$(B)/tests/lib/harness.o $(SUPP_TEST_PLUGIN)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itests/lib -Isupplicant \
		-DTEST_PLUGIN_DIR='"$(CURDIR)/$(dir $(SUPP_TEST_PLUGIN))"' \
		-DTEST_PLUGIN_UUID='"$(SUPP_TEST_PLUGIN_UUID)"' \
		-o $@ $< $(B)/tests/lib/harness.o $(SUPP_LIB) $(SUPP_LDLIBS)

.PHONY: install-supplicant install-supplicant-tests
install-supplicant: user
	install -d $(DESTDIR)$(PREFIX)/lib/tee-supplicant/plugins \
		$(DESTDIR)$(PREFIX)/include/teekit
	install -m 0644 supplicant/include/tee_plugin_method.h $(DESTDIR)$(PREFIX)/include/teekit/

install-supplicant-tests: $(SUPP_TEST_PLUGIN)
	install -d $(DESTDIR)$(PREFIX)/lib/teekit/test-plugins
	install -m 0755 $(SUPP_TEST_PLUGIN) $(DESTDIR)$(PREFIX)/lib/teekit/test-plugins/

$(B)/tests/unit/supp_socket: tests/unit/supp_socket.c $(SUPP_LIB) \
		$(B)/tests/lib/harness.o
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itests/lib -Isupplicant -o $@ $< \
		$(B)/tests/lib/harness.o $(SUPP_LIB) $(SUPP_LDLIBS)
