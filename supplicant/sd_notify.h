/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TEEKIT_SD_NOTIFY_H
#define TEEKIT_SD_NOTIFY_H

/*
 * Send @msg ("READY=1\nSTATUS=...") to $NOTIFY_SOCKET in systemd's
 * sd_notify datagram protocol. 0 when sent or when no NOTIFY_SOCKET is set
 * (not started by systemd), a negative errno otherwise. Shared by the two
 * daemons of the stack, tee-supplicant and teekit-tos (decision 1802).
 */
int teekit_sd_notify(const char *msg);

#endif
