// SPDX-License-Identifier: GPL-2.0-only
/*
 * storage_key.c - the keys of trusted storage (docs/storage.md, "Keys").
 *
 * The device-unique key (HUK) of the emulation is 32 random bytes in a
 * root-only file, TEEKIT_HUK_FILE or /var/lib/teekit/huk, made on first
 * use. teekit-tahost reads it while still root, before it loads the TA,
 * derives this TA's keys from it with HKDF-SHA256 and forgets it: TA code
 * never has the HUK, only its own keys and the RPMB key.
 *
 *   ta key      = HKDF(HUK, salt "teekit-storage-v1", info TA UUID octets)
 *   store key   = HKDF(ta key, info "store" || storage index)
 *   rpmb key    = HKDF(HUK, salt "teekit-storage-v1", info "rpmb-auth-key")
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "storage.h"

#define HUK_DEFAULT	"/var/lib/teekit/huk"
#define HKDF_SALT	"teekit-storage-v1"

static bool keys_ok;
static TEE_UUID key_uuid;
static uint8_t store_keys[SS_NSTORES][SS_KEY_LEN];
static uint8_t rpmb_key[SS_KEY_LEN];

static int hkdf(const uint8_t *ikm, size_t ilen, const char *salt,
		const void *info, size_t infolen, uint8_t *out, size_t olen)
{
	OSSL_PARAM p[5], *q = p;
	EVP_KDF_CTX *c;
	EVP_KDF *k;
	int r = -1;

	k = EVP_KDF_fetch(NULL, "HKDF", NULL);
	if (!k)
		return -1;
	c = EVP_KDF_CTX_new(k);
	EVP_KDF_free(k);
	if (!c)
		return -1;
	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						"SHA256", 0);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
						 (void *)ikm, ilen);
	if (salt)
		*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
							 (void *)salt,
							 strlen(salt));
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
						 (void *)info, infolen);
	*q = OSSL_PARAM_construct_end();
	if (EVP_KDF_derive(c, out, olen, p) > 0)
		r = 0;
	EVP_KDF_CTX_free(c);
	return r;
}

static int read_all(int fd, uint8_t *b, size_t n)
{
	ssize_t r;

	while (n) {
		r = read(fd, b, n);
		if (r <= 0)
			return -1;
		b += r;
		n -= r;
	}
	return 0;
}

/* A new HUK, linked into place only if none is there yet (no race). */
static void huk_create(const char *path)
{
	char tmp[4096], dir[4096], *s;
	uint8_t k[SS_KEY_LEN];
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	s = strrchr(dir, '/');
	if (s && s != dir) {
		*s = 0;
		/* mkdir -p: each missing parent, root-only */
		for (s = dir + 1; *s; s++) {
			if (*s != '/')
				continue;
			*s = 0;
			mkdir(dir, 0755);
			*s = '/';
		}
		mkdir(dir, 0700);
	}
	snprintf(tmp, sizeof(tmp), "%s.%d", path, getpid());
	if (getrandom(k, sizeof(k), 0) != sizeof(k))
		return;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
	if (fd < 0)
		return;
	if (write(fd, k, sizeof(k)) == sizeof(k) && !fsync(fd) &&
	    !link(tmp, path))
		teeta_log("made a new device-unique key %s", path);
	close(fd);
	unlink(tmp);
	OPENSSL_cleanse(k, sizeof(k));
}

static int parse_uuid(const char *s, uint8_t o[16])
{
	unsigned int i, n = 0, v;

	for (i = 0; s[i] && n < 16; ) {
		if (s[i] == '-') {
			i++;
			continue;
		}
		if (sscanf(s + i, "%2x", &v) != 1)
			return -1;
		o[n++] = v;
		i += 2;
	}
	return n == 16 ? 0 : -1;
}

int teeta_storage_key_init(const char *uuid)
{
	const char *path = getenv("TEEKIT_HUK_FILE");
	uint8_t huk[SS_KEY_LEN], tk[SS_KEY_LEN], o[16], info[6];
	unsigned int i;
	int fd, r = -1;

	if (!path || !*path)
		path = HUK_DEFAULT;
	if (!uuid || parse_uuid(uuid, o))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		huk_create(path);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		teeta_log("no device-unique key %s (%s): trusted storage unavailable; run the TA host as root",
			  path, strerror(errno));
		return -1;
	}
	if (read_all(fd, huk, sizeof(huk))) {
		teeta_log("device-unique key %s is shorter than %d bytes: trusted storage unavailable",
			  path, SS_KEY_LEN);
		close(fd);
		return -1;
	}
	close(fd);
	if (hkdf(huk, sizeof(huk), HKDF_SALT, o, 16, tk, sizeof(tk)) ||
	    hkdf(huk, sizeof(huk), HKDF_SALT, "rpmb-auth-key", 13, rpmb_key,
		 sizeof(rpmb_key)))
		goto out;
	for (i = 0; i < SS_NSTORES; i++) {
		memcpy(info, "store", 5);
		info[5] = i;
		if (hkdf(tk, sizeof(tk), NULL, info, sizeof(info),
			 store_keys[i], SS_KEY_LEN))
			goto out;
	}
	key_uuid.timeLow = (uint32_t)o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
	key_uuid.timeMid = o[4] << 8 | o[5];
	key_uuid.timeHiAndVersion = o[6] << 8 | o[7];
	memcpy(key_uuid.clockSeqAndNode, o + 8, 8);
	/* OpenSSL reads its configuration on first use: before seccomp */
	if (RAND_bytes(o, sizeof(o)) != 1 ||
	    ss_hmac(rpmb_key, SS_KEY_LEN, o, sizeof(o), NULL, 0, tk))
		goto out;
	EVP_CIPHER_free(EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL));
	keys_ok = true;
	r = 0;
out:
	OPENSSL_cleanse(huk, sizeof(huk));
	OPENSSL_cleanse(tk, sizeof(tk));
	return r;
}

/* the keys exist and were made for this TA (the UUID of its header) */
bool ss_have_keys(const TEE_UUID *uuid)
{
	return keys_ok && !memcmp(uuid, &key_uuid, sizeof(*uuid));
}

void ss_store_key(unsigned int store, uint8_t key[SS_KEY_LEN])
{
	memcpy(key, store_keys[store], SS_KEY_LEN);
}

const uint8_t *ss_rpmb_key(void)
{
	return rpmb_key;
}

TEE_Result ss_hmac(const uint8_t *key, size_t klen, const void *a, size_t alen,
		   const void *b, size_t blen, uint8_t out[32])
{
	OSSL_PARAM p[2];
	EVP_MAC_CTX *c;
	EVP_MAC *m;
	size_t ol;
	int ok;

	m = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!m)
		return TEE_ERROR_OUT_OF_MEMORY;
	c = EVP_MAC_CTX_new(m);
	EVP_MAC_free(m);
	if (!c)
		return TEE_ERROR_OUT_OF_MEMORY;
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						"SHA256", 0);
	p[1] = OSSL_PARAM_construct_end();
	ok = EVP_MAC_init(c, key, klen, p) && EVP_MAC_update(c, a, alen) &&
	     (!blen || EVP_MAC_update(c, b, blen)) &&
	     EVP_MAC_final(c, out, &ol, 32);
	EVP_MAC_CTX_free(c);
	return ok ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}
