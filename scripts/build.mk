# SPDX-License-Identifier: GPL-2.0-only
# scripts: teekit-up and teekit-down, the helpers that start and stop the
# whole stack (modules, tee-supplicant, teekit-tos) on an installed system.
INSTALL_HOOKS += install-stack-scripts

.PHONY: install-stack-scripts
install-stack-scripts:
	install -d $(DESTDIR)$(PREFIX)/sbin
	install -m 0755 scripts/teekit-up scripts/teekit-down $(DESTDIR)$(PREFIX)/sbin/
