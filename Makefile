# SPDX-License-Identifier: GPL-2.0-only
#
# teekit: the Linux TEE subsystem, a software secure world and its user space.
#
#   make            build kernel modules and user space
#   make check      install dependencies, build, lint, run every test
#   make check-debug  the same tests on a debug kernel (KASAN, lockdep,
#                   kmemleak, ...) built once from linux-source-6.1
#   make demo       boot the VM and show teekit at work
#   make bench      benchmarks: docs/benchmarks.md, build/bench/results.json
#   make lint       style (checkpatch) and sparse
#   make deps       install the Debian packages the project needs
#   make vm         build the VM's initramfs (build/vm/base.cpio)
#   make install    install the product into $(DESTDIR) (modules, programs,
#                   libraries, SDK, services); depmod when DESTDIR is empty
#   make install-tests  the tests, test modules and test TAs (the VM image)
#   make deb        Debian packages (debian/, docs/packaging.md) in build/deb
#   make check-deb  build them, check their contents, run lintian
#   make check-system  install them in a Debian 12 VM with systemd (slow)
#   make kernels-build  build the modules, warnings as errors, for every
#                   Debian kernel of docs/kernels.md (fetched when missing)
#   make clean
#
# KERNEL=NAME (6.1, 6.12-bpo, 6.12-trixie) makes 'make', 'make vm' and
# 'make check' build for and boot that Debian kernel (docs/kernels.md).
#
# Kernel modules are built with Kbuild against KDIR (default: the headers of
# the newest installed kernel image that has headers, see scripts/kver).

B := build
# KERNEL=NAME (6.1, 6.12-bpo, 6.12-trixie: scripts/kernel-fetch --list)
# builds the modules for, and boots the VM on, a Debian kernel fetched into
# build/kernels/NAME (docs/kernels.md); unset, the host's own.
KERNEL ?=
ifneq ($(KERNEL),)
KERNEL_DIR := $(shell scripts/kernel-fetch $(KERNEL))
ifeq ($(KERNEL_DIR),)
$(error KERNEL=$(KERNEL): scripts/kernel-fetch failed, see above)
endif
KVER := $(shell cat $(KERNEL_DIR)/release)
KDIR := $(shell cat $(KERNEL_DIR)/kdir)
VM_MODBASE := $(shell cat $(KERNEL_DIR)/modbase)
VM_IMAGE := $(B)/vm/$(KERNEL).cpio
export TEEKIT_VM_KERNEL := $(abspath $(KERNEL_DIR)/vmlinuz)
export TEEKIT_VM_IMAGE := $(abspath $(VM_IMAGE))
endif
KVER ?= $(shell scripts/kver 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build
DESTDIR ?=
PREFIX ?= /usr

CC := gcc
CFLAGS ?= -O2 -g
USER_CFLAGS := $(CFLAGS) -std=gnu11 -Wall -Wextra -Werror \
	-Iinclude/uapi -MMD -MP
LDLIBS := -lpthread

.DEFAULT_GOAL := all
# Keep intermediate objects (tests/lib) between runs.
.SECONDARY:
.PHONY: all modules user install install-modules install-user vm check \
	check-run check-debug check-debug-run demo demo-run bench bench-run \
	lint deps deps-ok unit clean help kver kernels-build install-tests \
	install-test-modules install-test-user install-no-modules deb check-deb \
	check-system

all: modules user

help:
	@sed -n '3,23p' Makefile | sed 's/^# \{0,1\}//'

kver:
	@echo "kernel release: $(KVER)"
	@echo "headers (KDIR): $(KDIR)"

# --- kernel modules --------------------------------------------------------

# With KERNEL=NAME the modules are built in build/kernels/NAME/src (with
# -Werror), so the in-tree ones, built for the host's kernel, stay as they
# are; MODSRC is where install-modules takes them from.
ifneq ($(KERNEL),)
MODSRC := $(KERNEL_DIR)/src
modules:
	@scripts/kernel-modules $(KERNEL) >/dev/null
else
MODSRC := .
modules:
	@test -d "$(KDIR)" || { echo "no kernel headers at '$(KDIR)': run 'make deps' or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 CONFIG_DEBUG_INFO_BTF_MODULES= modules
endif

# Every kernel of docs/kernels.md, each in its own copy of the sources
# (build/kernels/NAME/src), with W=1 and -Werror.
kernels-build:
	@for k in $$(scripts/kernel-fetch --list); do \
		scripts/kernel-modules $$k >/dev/null || exit 1; \
	done

# --- user space ------------------------------------------------------------
# Each directory that builds user-space code has a build.mk fragment (found
# as */build.mk and */*/build.mk) that adds its targets to these variables:
#   USER_BINS    programs installed in $(PREFIX)/bin      (paths under $(B))
#   USER_SBINS   programs installed in $(PREFIX)/sbin
#   USER_LIBS    shared libraries installed in $(PREFIX)/lib
#   USER_EXTRA   anything else 'make user' must build
#   INSTALL_HOOKS  extra install targets of the product ('make install')
#   TEST_INSTALL_HOOKS  extra install targets of the tests ('make
#                install-tests': test TAs, test plugins, benchmarks)
USER_BINS :=
USER_SBINS :=
USER_LIBS :=
USER_EXTRA :=
INSTALL_HOOKS :=
TEST_INSTALL_HOOKS :=

-include $(sort $(wildcard */build.mk */*/build.mk))

# In-VM test programs: every tests/<suite>/*.c is one program, linked with
# the objects of tests/lib/*.c; every tests/<suite>/*.sh is a shell test.
TEST_SUITES := $(filter-out lib unit vm modules host selftest, \
	$(patsubst tests/%/,%,$(sort $(dir $(wildcard tests/*/*.c tests/*/*.sh)))))
TEST_LIB_OBJS := $(patsubst %.c,$(B)/%.o,$(wildcard tests/lib/*.c))
TEST_PROGS := $(foreach s,$(TEST_SUITES),$(patsubst %.c,$(B)/%,$(wildcard tests/$(s)/*.c)))
TEST_SCRIPTS := $(foreach s,$(TEST_SUITES),$(wildcard tests/$(s)/*.sh))
TEST_LDLIBS := -lpthread -Wl,--as-needed -lcrypto

# Host unit tests: every tests/unit/*.c is one program, run on the host.
UNIT_PROGS := $(patsubst %.c,$(B)/%,$(wildcard tests/unit/*.c))

user: $(USER_BINS) $(USER_SBINS) $(USER_LIBS) $(USER_EXTRA) $(TEST_PROGS) $(UNIT_PROGS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Itests/lib -c -o $@ $<

# A suite's build.mk (tests/<suite>/build.mk) may set TEST_CFLAGS_<suite>,
# TEST_LDLIBS_<suite> and TEST_DEPS_<suite> (e.g. a library its programs link).
define test_suite_rules
$(B)/tests/$(1)/%: tests/$(1)/%.c $(TEST_LIB_OBJS) $$(TEST_DEPS_$(1))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(USER_CFLAGS) -Itests/lib $$(TEST_CFLAGS_$(1)) -o $$@ $$< \
		$$(TEST_LIB_OBJS) $$(TEST_LDLIBS_$(1)) $$(TEST_LDLIBS)
endef
$(foreach s,$(TEST_SUITES) unit,$(eval $(call test_suite_rules,$(s))))

-include $(shell find $(B) -type f -name '*.d' 2>/dev/null)

# --- install ---------------------------------------------------------------
# 'make install' is the product only; what exists to test it (test driver,
# the WARN module, test programs, test and deliberately broken TAs, crash
# scripts, the demo, benchmarks) is 'make install-tests'. The VM image gets
# both. Kernel modules: the generic driver and the sim driver are the
# product, drivers/test and tests/modules the tests.

PRODUCT_KMOD_DIRS := core drivers/sim drivers/rng drivers/tpm
TEST_KMOD_DIRS := drivers/test tests/modules

# install_kmods DIRS: the .ko files built in DIRS into lib/modules/KVER/extra,
# then depmod when they went into the running system (no DESTDIR)
define install_kmods
	@test -n "$(KVER)" || { echo "unknown kernel release: run 'make deps'" >&2; exit 1; }
	install -d $(DESTDIR)/lib/modules/$(KVER)/extra
	for m in $$(find $(addprefix $(MODSRC)/,$(1)) -name '*.ko' 2>/dev/null); do \
		install -m 0644 $$m $(DESTDIR)/lib/modules/$(KVER)/extra/ && \
		strip --strip-debug $(DESTDIR)/lib/modules/$(KVER)/extra/$$(basename $$m) || exit 1; \
	done
	$(if $(DESTDIR),,depmod -a $(KVER))
endef

install: install-modules install-no-modules

# everything but the kernel modules (the Debian packages leave those to DKMS)
install-no-modules: install-user $(INSTALL_HOOKS)

install-modules: modules
	$(call install_kmods,$(PRODUCT_KMOD_DIRS))

install-user: user
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/lib
	$(if $(USER_BINS),install -m 0755 $(USER_BINS) $(DESTDIR)$(PREFIX)/bin/)
	$(if $(USER_SBINS),install -m 0755 $(USER_SBINS) $(DESTDIR)$(PREFIX)/sbin/)
	$(if $(USER_LIBS),install -m 0755 $(USER_LIBS) $(DESTDIR)$(PREFIX)/lib/)
	install -d $(DESTDIR)/lib/optee_armtz

install-tests: install-test-modules install-test-user $(TEST_INSTALL_HOOKS)

install-test-modules: modules
	$(call install_kmods,$(TEST_KMOD_DIRS))

install-test-user: user
	install -d $(DESTDIR)$(PREFIX)/lib/teekit/tests $(DESTDIR)$(PREFIX)/share/teekit
	install -m 0755 tests/vm/runtests $(DESTDIR)$(PREFIX)/lib/teekit/runtests
	install -m 0755 scripts/demo $(DESTDIR)$(PREFIX)/share/teekit/demo
	for s in $(TEST_SUITES); do install -d $(DESTDIR)$(PREFIX)/lib/teekit/tests/$$s; done
	for p in $(TEST_PROGS) $(TEST_SCRIPTS); do \
		s=$$(basename $$(dirname $$p)); \
		install -m 0755 $$p $(DESTDIR)$(PREFIX)/lib/teekit/tests/$$s/ || exit 1; \
	done
	install -d $(DESTDIR)$(PREFIX)/lib/teekit/selftest
	install -m 0755 tests/selftest/*.sh $(DESTDIR)$(PREFIX)/lib/teekit/selftest/
	install -d $(DESTDIR)/lib/optee_armtz

# --- Debian packages (debian/, docs/packaging.md) ----------------------------
# Built from a copy of the source (the files git knows, committed or not,
# without build/) in $(B)/deb/teekit; the .deb files land in $(B)/deb.

deb:
	rm -rf $(B)/deb
	mkdir -p $(B)/deb/teekit
	git ls-files -co --exclude-standard | while IFS= read -r f; do \
		[ -e "$$f" ] && printf '%s\n' "$$f"; done | \
		tar -cf - --no-recursion -T - | tar -xf - -C $(B)/deb/teekit
	cd $(B)/deb/teekit && dpkg-buildpackage -us -uc -b $(if $(DEB_JOBS),-j$(DEB_JOBS),-j2)
	@ls $(B)/deb/*.deb

# the packages, then their test (tests/host/deb.sh) and lintian's verdict
check-deb: deb
	tests/check --host-only host/deb
	cd $(B)/deb && lintian --tag-display-limit 0 teekit_*.changes

# The test on a real system (tests/system/): a cached debootstrapped Debian
# 12 with systemd, the packages installed with apt, DKMS, a reboot. The
# image is made once, as root (~/.cache/teekit/system). Not part of 'make
# check': it takes many minutes (docs/packaging.md).
check-system: deb
	tests/system/mkimage
	tests/system/run

# --- the test VM -----------------------------------------------------------

# VM_IMAGE and VM_MODBASE (where the kernel's own modules are, see
# tests/vm/mkinitramfs) are for kernels other than Debian's: check-debug.
VM_IMAGE ?= $(B)/vm/base.cpio
VM_MODBASE ?= /

vm: all
	rm -rf $(B)/vmroot
	$(MAKE) -s install install-tests DESTDIR=$(CURDIR)/$(B)/vmroot
	@mkdir -p $(dir $(VM_IMAGE))
	tests/vm/mkinitramfs $(B)/vmroot $(KVER) $(VM_IMAGE) $(VM_MODBASE)

# --- tests, lint, demo, dependencies --------------------------------------

deps:
	scripts/deps

deps-ok:
	@scripts/deps --check 2>/dev/null || scripts/deps

check: deps-ok
	$(MAKE) check-run

check-run: vm
	tests/check $(T)

# The in-VM suites (and the host tests that boot the VM) on the debug kernel
# of scripts/debug-kernel, built once and cached outside the tree; teekit's
# modules are built against it. Not part of 'make check': software-emulated
# KASAN is slow (docs/testing.md). Time limits: DEBUG_TIMEOUT seconds per
# program, DEBUG_TIMEOUT_MULT times each test's own.
DEBUG_TIMEOUT ?= 1800
DEBUG_TIMEOUT_MULT ?= 4

check-debug:
	@scripts/deps --check --debug-kernel 2>/dev/null || scripts/deps --debug-kernel
	$(MAKE) check-debug-run

check-debug-run:
	@dk=$$(scripts/debug-kernel) || exit 1; \
	rel=$$(cat "$$dk/release"); \
	echo "check-debug: kernel $$rel from $$dk"; \
	$(MAKE) vm KDIR="$$dk/build" KVER="$$rel" VM_MODBASE="$$dk/modules" \
		VM_IMAGE=$(B)/vm/debug.cpio || exit 1; \
	TEEKIT_VM_KERNEL="$$dk/bzImage" TEEKIT_VM_IMAGE=$(CURDIR)/$(B)/vm/debug.cpio \
	TEEKIT_TIMEOUT_MULT=$(DEBUG_TIMEOUT_MULT) \
		tests/check --no-lint --timeout $(DEBUG_TIMEOUT) $(T)

unit: $(UNIT_PROGS)
	tests/check --host-only

lint:
	scripts/lint $(KDIR)

bench: deps-ok
	$(MAKE) bench-run

bench-run: vm
	scripts/bench $(BENCH_OPTS)

demo: deps-ok
	$(MAKE) demo-run

demo-run: vm
	tests/vm/run --no-build --timeout 300 -- /usr/share/teekit/demo

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	rm -rf $(B)
