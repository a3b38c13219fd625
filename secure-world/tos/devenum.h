/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * devenum.h - the device-enumeration pseudo TA of teekit-tos: tells the
 * normal-world kernel which TAs its drivers may bind to over the TEE bus
 * (docs/tee-bus.md, decision 1901). OP-TEE's UUID and command codes.
 */
#ifndef TEEKIT_TOS_DEVENUM_H
#define TEEKIT_TOS_DEVENUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/evp.h>
#include <tee_api_defines_extensions.h>
#include <linux/teekit_sim.h>

/* 7011a688-ddde-4053-a5a9-7b3c4ddf13b8 */
#define DEVENUM_UUID_STR	"7011a688-ddde-4053-a5a9-7b3c4ddf13b8"
/* [out] memref: the UUIDs (16 octets each) of TA_FLAG_DEVICE_ENUM TAs */
#define DEVENUM_CMD_GET_DEVICES		0
/* the same for TA_FLAG_DEVICE_ENUM_SUPP (need tee-supplicant) */
#define DEVENUM_CMD_GET_DEVICES_SUPP	1

bool devenum_is_pta(const uint8_t uuid[16]);

/*
 * Answer an INVOKE of a devenum session received in @x on the OS channel
 * @os_fd: scans @dir for signed TAs that @trusted accepts and writes the
 * UUIDs of those whose header flags hold the command's flag into the
 * output memref (size written back; TEE_ERROR_SHORT_BUFFER when it does
 * not fit). Returns the result; @why gets a reason for the log, or "".
 */
uint32_t devenum_invoke(struct tksim_xfer *x, int os_fd, const char *dir,
			EVP_PKEY *trusted, char *why, size_t whylen);

#endif /* TEEKIT_TOS_DEVENUM_H */
