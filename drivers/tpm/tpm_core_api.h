/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TPM core's driver interface that include/linux/tpm.h leaves out.
 *
 * The kernel exports tpm_chip_alloc(), tpm_chip_register() and
 * tpm_chip_unregister() (EXPORT_SYMBOL_GPL, for TPM drivers built as
 * modules) but declares them in drivers/char/tpm/tpm.h, a header private
 * to that directory and absent from Debian's linux-headers packages.
 * These are the only declarations teekit_ftpm.ko needs, written once,
 * here, as drivers/char/tpm/tpm.h has them in 6.1 and 6.12 (decision
 * 1912). Nothing checks them against the kernel's: modversions' CRCs come
 * from the kernel's Module.symvers, not from these lines, so a kernel
 * that changes a prototype needs this file changed (through
 * linux/teekit_compat.h if it differs by version).
 *
 * struct tpm_chip and struct tpm_class_ops are in include/linux/tpm.h.
 */
#ifndef TEEKIT_TPM_CORE_API_H
#define TEEKIT_TPM_CORE_API_H

#include <linux/tpm.h>

/* a chip with one reference (put_device(&chip->dev) drops it) */
struct tpm_chip *tpm_chip_alloc(struct device *pdev,
				const struct tpm_class_ops *ops);
/* /dev/tpmN, /dev/tpmrmN, sysfs, the TPM hwrng; auto start-up */
int tpm_chip_register(struct tpm_chip *chip);
/* waits for the command in flight, then takes all of it away */
void tpm_chip_unregister(struct tpm_chip *chip);

#endif
