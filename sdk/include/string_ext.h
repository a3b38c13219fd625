/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * string_ext.h - string functions OP-TEE's dev kit adds to <string.h>
 * (teekit TA SDK). Each TA links its own copy (sdk/src/ta_optee.c); the
 * names are macros so they never meet a C library's own strlcpy.
 */
#ifndef TEEKIT_TA_STRING_EXT_H
#define TEEKIT_TA_STRING_EXT_H

#include <stddef.h>

#define TEETA_LOCAL __attribute__((visibility("hidden")))
TEETA_LOCAL size_t teeta_strlcpy(char *dst, const char *src, size_t size);
TEETA_LOCAL size_t teeta_strlcat(char *dst, const char *src, size_t size);
TEETA_LOCAL int teeta_buf_compare_ct(const void *s1, const void *s2, size_t n);
#undef TEETA_LOCAL

/*
 * strlcpy(dst, src, size) - copy at most size - 1 bytes and always end
 * dst with a NUL (when size > 0). Returns strlen(src): >= size means cut.
 * strlcat(dst, src, size) - append likewise to the string in dst.
 * buf_compare_ct(a, b, n) - 0 when the n bytes are equal, else 1, in a
 * time that depends on n only.
 */
#define strlcpy		teeta_strlcpy
#define strlcat		teeta_strlcat
#define buf_compare_ct	teeta_buf_compare_ct

#endif /* TEEKIT_TA_STRING_EXT_H */
