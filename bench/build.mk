# SPDX-License-Identifier: GPL-2.0-only
# teekit-bench: the benchmark suite (bench/), installed for the VM.

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BIN := $(B)/bench/teekit-bench
USER_EXTRA += $(BENCH_BIN)
INSTALL_HOOKS += install-bench

$(BENCH_BIN): $(patsubst %.c,$(B)/%.o,$(BENCH_SRCS))
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lm

.PHONY: install-bench
install-bench: $(BENCH_BIN)
	install -d $(DESTDIR)$(PREFIX)/lib/teekit/bench
	install -m 0755 $(BENCH_BIN) scripts/bench-vm $(DESTDIR)$(PREFIX)/lib/teekit/bench/
