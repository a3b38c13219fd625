# SPDX-License-Identifier: GPL-2.0-only
# systemd/: how the stack runs on a systemd machine (docs/packaging.md
# "Services"): teekit.target over teekit-modules.service,
# tee-supplicant.service and teekit-tos.service (both Type=notify), the
# template tee-supplicant@.service for other TEEs, modules-load.d,
# sysusers.d (teeclnt, teepriv, tee, teekit-ta), tmpfiles.d (storage,
# run-time and core directories) and the udev rules of /dev/tee*.
# Installed with the product; the test VM (busybox, no systemd) ignores them.

SYSTEMD_UNITDIR ?= /lib/systemd/system
UDEV_RULESDIR ?= /lib/udev/rules.d
SYSTEMD_UNITS := systemd/teekit.target systemd/teekit-modules.service \
	systemd/tee-supplicant.service systemd/tee-supplicant@.service \
	systemd/teekit-tos.service

INSTALL_HOOKS += install-systemd

.PHONY: install-systemd
install-systemd:
	install -d $(DESTDIR)$(SYSTEMD_UNITDIR) $(DESTDIR)$(UDEV_RULESDIR) \
		$(DESTDIR)$(PREFIX)/lib/sysusers.d $(DESTDIR)$(PREFIX)/lib/tmpfiles.d \
		$(DESTDIR)$(PREFIX)/lib/modules-load.d
	install -m 0644 $(SYSTEMD_UNITS) $(DESTDIR)$(SYSTEMD_UNITDIR)/
	install -m 0644 systemd/60-teekit.rules $(DESTDIR)$(UDEV_RULESDIR)/
	install -m 0644 systemd/sysusers.conf $(DESTDIR)$(PREFIX)/lib/sysusers.d/teekit.conf
	install -m 0644 systemd/tmpfiles.conf $(DESTDIR)$(PREFIX)/lib/tmpfiles.d/teekit.conf
	install -m 0644 systemd/modules-load.conf $(DESTDIR)$(PREFIX)/lib/modules-load.d/teekit.conf
