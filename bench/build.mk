# SPDX-License-Identifier: GPL-2.0-only
# teekit-bench: the benchmark suite (bench/), installed for the VM, with
# its TA (bench/ta/, signed like the test TAs of secure-world/build.mk) and
# a no-op tee-supplicant plugin (bench/plugin/).

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BIN := $(B)/bench/teekit-bench
USER_EXTRA += $(BENCH_BIN)
TEST_INSTALL_HOOKS += install-bench

$(B)/bench/%.o: bench/%.c bench/bench.h bench/ta/bench_ta.h libteec/tee_client_api.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Ilibteec -c -o $@ $<

$(BENCH_BIN): $(patsubst %.c,$(B)/%.o,$(BENCH_SRCS)) $(B)/libteec/libteec.so
	@mkdir -p $(dir $@)
	$(CC) -o $@ $(filter %.o,$^) -L$(B)/libteec -lteec -Wl,-rpath,/usr/lib -lm -lpthread -lcrypto

# The TA: built with the SDK, signed with the development key (the key and
# teekit-sign come from secure-world/build.mk).
BENCH_TA_UUID := be4c0000-0000-4000-8000-000000000001
BENCH_TA := $(B)/bench/ta/$(BENCH_TA_UUID).ta
BENCH_TA_SO := $(B)/bench/ta/bench_ta.so
BENCH_SW_KEY := $(B)/secure-world/keys/teekit-dev-DO-NOT-USE-IN-PRODUCTION.pem
BENCH_SW_SIGN := $(B)/secure-world/teekit-sign
USER_EXTRA += $(BENCH_TA)

$(BENCH_TA_SO): bench/ta/bench_ta.c bench/ta/bench_ta.h \
		bench/ta/user_ta_header_defines.h sdk/src/ta_header.c \
		$(wildcard sdk/include/*.h)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
		-Isdk/include -Ibench/ta -o $@ bench/ta/bench_ta.c sdk/src/ta_header.c

$(BENCH_TA): $(BENCH_TA_SO) $(BENCH_SW_KEY) | $(BENCH_SW_SIGN)
	$(BENCH_SW_SIGN) --key $(BENCH_SW_KEY) --uuid $(BENCH_TA_UUID) --in $< --out $@

# The same TA, multi-instance (each session its own TA process): the
# two-client figure measures the stack, not one instance's serial queue.
BENCH_MI_TA_UUID := be4c0000-0000-4000-8000-000000000003
BENCH_MI_TA := $(B)/bench/ta/$(BENCH_MI_TA_UUID).ta
BENCH_MI_TA_SO := $(B)/bench/ta/bench_ta_mi.so
USER_EXTRA += $(BENCH_MI_TA)

$(BENCH_MI_TA_SO): bench/ta/bench_ta.c bench/ta/bench_ta.h \
		bench/ta/user_ta_header_defines.h sdk/src/ta_header.c \
		$(wildcard sdk/include/*.h)
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
		-DBENCH_TA_MULTI_INSTANCE -Isdk/include -Ibench/ta -o $@ \
		bench/ta/bench_ta.c sdk/src/ta_header.c

$(BENCH_MI_TA): $(BENCH_MI_TA_SO) $(BENCH_SW_KEY) | $(BENCH_SW_SIGN)
	$(BENCH_SW_SIGN) --key $(BENCH_SW_KEY) --uuid $(BENCH_MI_TA_UUID) --in $< --out $@

# The no-op plugin of the TA -> supplicant -> TA figure.
BENCH_PLUGIN := $(B)/bench/plugin/teekit-bench-plugin.so
USER_EXTRA += $(BENCH_PLUGIN)

$(BENCH_PLUGIN): bench/plugin/bench_plugin.c bench/ta/bench_ta.h \
		supplicant/include/tee_plugin_method.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -std=gnu11 -Wall -Wextra -Werror -fPIC -shared \
		-Isupplicant/include -o $@ $<

.PHONY: install-bench
install-bench: $(BENCH_BIN) $(BENCH_TA) $(BENCH_MI_TA) $(BENCH_PLUGIN)
	install -d $(DESTDIR)$(PREFIX)/lib/teekit/bench $(DESTDIR)/lib/optee_armtz \
		$(DESTDIR)$(PREFIX)/lib/teekit/bench/plugins
	install -m 0755 $(BENCH_BIN) scripts/bench-vm $(DESTDIR)$(PREFIX)/lib/teekit/bench/
	install -m 0444 $(BENCH_TA) $(BENCH_MI_TA) $(DESTDIR)/lib/optee_armtz/
	install -m 0644 $(BENCH_PLUGIN) $(DESTDIR)$(PREFIX)/lib/teekit/bench/plugins/
