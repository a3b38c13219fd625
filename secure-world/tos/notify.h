/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef TEEKIT_TOS_NOTIFY_H
#define TEEKIT_TOS_NOTIFY_H

/*
 * Send @msg ("READY=1\nSTATUS=...") to $NOTIFY_SOCKET. 0 when sent or when
 * no NOTIFY_SOCKET is set, a negative errno otherwise.
 */
int tos_sd_notify(const char *msg);

#endif
