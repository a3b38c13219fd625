/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * teekit: the project's release version, one string for every layer.
 *
 * The kernel modules show it as MODULE_VERSION (/sys/module/<mod>/version),
 * tee-supplicant prints it for --version, teectl info reports both.
 * Bump it here only.
 */
#ifndef TEEKIT_UAPI_TEEKIT_VERSION_H
#define TEEKIT_UAPI_TEEKIT_VERSION_H

#define TEEKIT_VERSION "1.0.0"

#endif /* TEEKIT_UAPI_TEEKIT_VERSION_H */
