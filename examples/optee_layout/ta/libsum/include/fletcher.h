/* SPDX-License-Identifier: BSD-2-Clause */
/* fletcher.h - the example's static TA library: a Fletcher-32 checksum */
#ifndef FLETCHER_H
#define FLETCHER_H

#include <stddef.h>
#include <stdint.h>

uint32_t fletcher32(const uint8_t *data, size_t len);

#endif
