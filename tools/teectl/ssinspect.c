// SPDX-License-Identifier: GPL-2.0-only
/*
 * ssinspect.c - teectl storage list|dump: a TA's persistent objects as the
 * TA itself sees them (docs/storage.md, decision 1407).
 *
 * Names, contents and sizes are encrypted and authenticated with keys
 * derived from the device-unique key (HUK) and the TA's UUID, so only the
 * secure world's storage code can read them. teectl runs that code in its
 * own process, as root (the HUK file is root-only): the TA runtime of the
 * host harness (sdk/tatest, the same storage.c as teekit-tahost) with a
 * stand-in TA whose head carries the UUID to inspect. Its REE FS and RPMB
 * requests are answered by tee-supplicant's own handlers (supplicant/fs.c,
 * supplicant/rpmb.c) on the store directory and the RPMB image, read-only:
 * a request that would change anything is refused (ACCESS_DENIED), so an
 * inspection never writes a store, the RPMB image or the HUK.
 *
 * dump hands out a TA's secrets, so it is for development machines only:
 * those whose trusted TA key is the development key.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/tee.h>
#include <linux/teekit_sim.h>

#include <tee_internal_api.h>
#include <user_ta_header.h>

#include "storage.h"
#include "ta_image.h"
#include "supp.h"
#include "teectl.h"
#include "teekit_tatest.h"
#include "tatest_priv.h"

#define FS_ROOT		"/var/lib/tee"
#define HUK_FILE	"/var/lib/teekit/huk"

#define CMD_LIST	0
#define CMD_DUMP	1

/* RPMB request frames (supplicant/rpmb.c, OP-TEE's layout) */
#define RPMB_MAGIC	"TKRPMB01"
#define RPMB_FRAME	512
#define RPMB_F_TYPE	510
#define RPMB_GET_WC	0x0002
#define RPMB_READ	0x0004
#define RPMB_DATA_REQ	0
#define RPMB_DEV_INFO	1

struct iopts {
	const char *root, *rpmb, *key, *out;
	const char *uuid, *id;
	uint8_t idbuf[TEE_OBJECT_ID_MAX_LEN];
	size_t idlen;
	bool hex;
};

static struct iopts io;
static struct supp_ctx sctx;
static const char *refused;	/* what the storage code tried to change */
static int nobjs;

/* ------------------------------------------- the read-only backend */

static bool fs_readonly_ok(uint64_t op)
{
	switch (op) {
	case SUPP_FS_OPEN:
	case SUPP_FS_CLOSE:
	case SUPP_FS_READ:
	case SUPP_FS_OPENDIR:
	case SUPP_FS_CLOSEDIR:
	case SUPP_FS_READDIR:
		return true;
	default:
		return false;
	}
}

/* a device-info request, or data requests that only read */
static bool rpmb_readonly_ok(const uint8_t *r, size_t len)
{
	size_t off;
	uint16_t type;

	if (len < 6)
		return false;
	if ((r[0] | r[1] << 8) == RPMB_DEV_INFO)
		return true;
	if ((r[0] | r[1] << 8) != RPMB_DATA_REQ)
		return false;
	for (off = 6; off + RPMB_FRAME <= len; off += RPMB_FRAME) {
		type = r[off + RPMB_F_TYPE] << 8 | r[off + RPMB_F_TYPE + 1];
		if (type != RPMB_GET_WC && type != RPMB_READ)
			return false;
	}
	return true;
}

/* One REE FS or RPMB request of the storage code, as tee-supplicant gets it */
static uint32_t store_rpc(struct tksim_msg *m)
{
	struct tee_ioctl_param p[SUPP_MAX_PARAMS];
	struct supp_req req;
	struct tksim_param *t;
	uint32_t i, ret;
	bool fs = m->cmd == TKSIM_RPC_FS;

	if (m->num_params > SUPP_MAX_PARAMS || !m->num_params)
		return TEE_ERROR_BAD_PARAMETERS;
	memset(&req, 0, sizeof(req));
	memset(p, 0, sizeof(p));
	req.func = fs ? SUPP_FUNC_FS : SUPP_FUNC_RPMB;
	req.num_params = m->num_params;
	for (i = 0; i < m->num_params; i++) {
		t = &m->params[i];
		p[i].attr = t->attr;
		p[i].a = t->a;
		p[i].b = t->b;
		p[i].c = t->c;
		req.params[i].p = &p[i];
		if (t->attr < TKSIM_PARAM_MEMREF_INPUT)
			continue;
		req.params[i].buf = tatest_nw_buf(t);
		req.params[i].size = t->b;
		if (!req.params[i].buf && t->b)
			return TEE_ERROR_BAD_PARAMETERS;
	}
	if (fs ? !fs_readonly_ok(p[0].a) :
	    !rpmb_readonly_ok(req.params[0].buf, req.params[0].size)) {
		refused = fs ? "a file of the store" : "the RPMB device";
		return TEE_ERROR_ACCESS_DENIED;
	}
	ret = fs ? supp_fs_request(&sctx, &req) : supp_rpmb_request(&sctx, &req);
	for (i = 0; i < m->num_params; i++) {
		t = &m->params[i];
		if (t->attr == TKSIM_PARAM_VALUE_OUTPUT ||
		    t->attr == TKSIM_PARAM_VALUE_INOUT) {
			t->a = p[i].a;
			t->c = p[i].c;
		}
		if (t->attr != TKSIM_PARAM_VALUE_INPUT &&
		    t->attr != TKSIM_PARAM_MEMREF_INPUT)
			t->b = p[i].b;
	}
	return ret;
}

/* ------------------------------------------------ the stand-in TA */

static const char *store_name(uint32_t sid)
{
	return sid == TEE_STORAGE_PRIVATE_RPMB ? "rpmb" : "private";
}

/* an object id: as text when it is printable, else hex:<bytes> */
static void print_id(const uint8_t *id, size_t len)
{
	bool text = len > 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (id[i] < 0x20 || id[i] > 0x7e || id[i] == '"' ||
		    id[i] == '\\')
			text = false;
	if (json)
		printf("\"");
	if (text) {
		printf("%.*s", (int)len, (const char *)id);
	} else {
		printf("hex:");
		for (i = 0; i < len; i++)
			printf("%02x", id[i]);
	}
	if (json)
		printf("\"");
}

static TEE_Result list_store(uint32_t sid)
{
	uint8_t id[TEE_OBJECT_ID_MAX_LEN];
	TEE_ObjectEnumHandle e;
	TEE_ObjectInfo info;
	TEE_Result r;
	size_t len;

	r = TEE_AllocatePersistentObjectEnumerator(&e);
	if (r)
		return r;
	r = TEE_StartPersistentObjectEnumerator(e, sid);
	while (!r) {
		len = sizeof(id);
		r = TEE_GetNextPersistentObject(e, &info, id, &len);
		if (r)
			break;
		if (json) {
			printf("%s{\"storage\": \"%s\", \"id\": ", nobjs ? ", " : "",
			       store_name(sid));
			print_id(id, len);
			printf(", \"size\": %zu, \"type\": \"0x%08x\", \"key_bits\": %u}",
			       info.dataSize, info.objectType, info.keySize);
		} else {
			printf("%-8s %10zu  0x%08x %5u  ", store_name(sid),
			       info.dataSize, info.objectType, info.keySize);
			print_id(id, len);
			printf("\n");
		}
		nobjs++;
	}
	TEE_FreePersistentObjectEnumerator(e);
	return r == TEE_ERROR_ITEM_NOT_FOUND ? TEE_SUCCESS : r;
}

static TEE_Result dump_object(void)
{
	static uint8_t buf[65536];
	static const uint32_t sids[] = {
		TEE_STORAGE_PRIVATE, TEE_STORAGE_PRIVATE_RPMB,
	};
	TEE_ObjectHandle h = TEE_HANDLE_NULL;
	TEE_Result r = TEE_ERROR_ITEM_NOT_FOUND;
	unsigned int i;
	size_t n, k;
	FILE *f = stdout;

	for (i = 0; i < 2 && r == TEE_ERROR_ITEM_NOT_FOUND; i++)
		r = TEE_OpenPersistentObject(sids[i], io.idbuf, io.idlen,
					     TEE_DATA_FLAG_ACCESS_READ |
					     TEE_DATA_FLAG_SHARE_READ, &h);
	if (r)
		return r;
	if (io.out) {
		f = fopen(io.out, "wxe");
		if (!f) {
			fprintf(stderr, "teectl: storage dump: cannot create %s: %s\n",
				io.out, strerror(errno));
			TEE_CloseObject(h);
			return TEE_ERROR_ACCESS_DENIED;
		}
	}
	do {
		n = sizeof(buf);
		r = TEE_ReadObjectData(h, buf, n, &n);
		if (r)
			break;
		if (!io.hex) {
			fwrite(buf, 1, n, f);
			continue;
		}
		for (k = 0; k < n; k++)
			fprintf(f, "%02x%s", buf[k], k % 32 == 31 ? "\n" : "");
	} while (n);
	if (io.hex)
		fprintf(f, "\n");
	if (f != stdout && fclose(f) && !r)
		r = TEE_ERROR_STORAGE_NO_SPACE;
	TEE_CloseObject(h);
	return r;
}

static TEE_Result inspect_create(void)
{
	return TEE_SUCCESS;
}

static void inspect_destroy(void)
{
}

static TEE_Result inspect_open(uint32_t pt, TEE_Param p[4], void **ctx)
{
	(void)pt;
	(void)p;
	(void)ctx;
	return TEE_SUCCESS;
}

static void inspect_close(void *ctx)
{
	(void)ctx;
}

static TEE_Result inspect_invoke(void *ctx, uint32_t cmd, uint32_t pt,
				 TEE_Param p[4])
{
	TEE_Result r;

	(void)ctx;
	(void)pt;
	(void)p;
	if (cmd == CMD_DUMP)
		return dump_object();
	if (json)
		printf("{\"uuid\": \"%s\", \"objects\": [", io.uuid);
	else
		printf("storage        size  type        bits  id\n");
	r = list_store(TEE_STORAGE_PRIVATE);
	if (!r)
		r = list_store(TEE_STORAGE_PRIVATE_RPMB);
	if (json)
		printf("]}\n");
	else if (!r && !nobjs)
		printf("TA %s has no persistent objects\n", io.uuid);
	return r;
}

/* --------------------------------------------------- the command */

/* the canonical UUID string, parsed by the TA format's own parser */
static int parse_uuid(const char *s, TEE_UUID *u)
{
	uint8_t o[16];
	int i;

	if (ta_uuid_parse(s, o))
		return -1;
	u->timeLow = (uint32_t)o[0] << 24 | o[1] << 16 | o[2] << 8 | o[3];
	u->timeMid = o[4] << 8 | o[5];
	u->timeHiAndVersion = o[6] << 8 | o[7];
	for (i = 0; i < 8; i++)
		u->clockSeqAndNode[i] = o[8 + i];
	return 0;
}

/* OBJECT_ID as text, or hex:... for bytes */
static int parse_id(const char *s)
{
	size_t i, n;
	unsigned int b;

	if (strncmp(s, "hex:", 4)) {
		n = strlen(s);
		if (!n || n > sizeof(io.idbuf))
			return -1;
		memcpy(io.idbuf, s, n);
		io.idlen = n;
		return 0;
	}
	s += 4;
	n = strlen(s);
	if (!n || n % 2 || n / 2 > sizeof(io.idbuf))
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -1;
		io.idbuf[i] = b;
	}
	io.idlen = n / 2;
	return 0;
}

static int parse_args(int argc, char **argv, bool dump)
{
	int i, pos = 0;

	memset(&io, 0, sizeof(io));
	io.root = FS_ROOT;
	io.key = TRUSTED_KEY;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--hex") && dump) {
			io.hex = true;
		} else if (argv[i][0] == '-' && argv[i][1] == '-' &&
			   i + 1 < argc) {
			if (!strcmp(argv[i], "--fs-root"))
				io.root = argv[++i];
			else if (!strcmp(argv[i], "--rpmb-file"))
				io.rpmb = argv[++i];
			else if (!strcmp(argv[i], "--trusted-key"))
				io.key = argv[++i];
			else if (!strcmp(argv[i], "--out") && dump)
				io.out = argv[++i];
			else
				return -1;
		} else if (argv[i][0] == '-' && strcmp(argv[i], "-")) {
			return -1;
		} else if (pos == 0) {
			io.uuid = argv[i];
			pos++;
		} else if (pos == 1 && dump) {
			io.id = argv[i];
			pos++;
		} else {
			return -1;
		}
	}
	return pos == (dump ? 2 : 1) ? 0 : -1;
}

/* the trusted TA key is the development key (as teekit-tos decides it) */
static bool development_machine(const char *path)
{
	char line[256];
	bool dev = strstr(path, "DO-NOT-USE") != NULL;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "DEVELOPMENT KEY"))
			dev = true;
	if (f)
		fclose(f);
	return dev;
}

/* Everything that must exist before the storage code runs: it would create them */
static int preflight(const char *what, char *rpmb, size_t len)
{
	const char *huk = getenv("TEEKIT_HUK_FILE");
	struct stat st;
	char magic[8];
	FILE *f;

	if (!huk || !*huk)
		huk = HUK_FILE;
	if (geteuid()) {
		fprintf(stderr, "teectl: storage %s: needs root: the objects are encrypted with keys derived from the device-unique key %s, which only root can read\n",
			what, huk);
		return EXIT_PERM;
	}
	if (stat(huk, &st)) {
		fprintf(stderr, "teectl: storage %s: no device-unique key at %s (%s): no TA has stored anything on this machine yet (or set TEEKIT_HUK_FILE to where it is)\n",
			what, huk, strerror(errno));
		return EXIT_NOTFOUND;
	}
	if (io.rpmb)
		snprintf(rpmb, len, "%s", io.rpmb);
	else
		snprintf(rpmb, len, "%s/teekit-rpmb.img", io.root);
	if (stat(io.root, &st) || !S_ISDIR(st.st_mode) || stat(rpmb, &st)) {
		fprintf(stderr, "teectl: storage %s: no trusted storage at %s (RPMB device %s): %s; give tee-supplicant's --fs-root and --rpmb-file if it uses others\n",
			what, io.root, rpmb, strerror(errno ? errno : ENOTDIR));
		return EXIT_NOTFOUND;
	}
	/* tee-supplicant's code would make a new device of anything else */
	f = fopen(rpmb, "re");
	if (!f || fread(magic, 1, 8, f) != 8 || memcmp(magic, RPMB_MAGIC, 8)) {
		fprintf(stderr, "teectl: storage %s: %s is not teekit's RPMB image (no %s header): give tee-supplicant's --rpmb-file\n",
			what, rpmb, RPMB_MAGIC);
		if (f)
			fclose(f);
		return EXIT_FAIL;
	}
	fclose(f);
	return 0;
}

static void log_line(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "teectl: storage code: %s\n", line);
}

static int result_exit(const char *what, TEE_Result r)
{
	if (r == TEE_SUCCESS)
		return EXIT_OK;
	if (r == TEE_ERROR_ITEM_NOT_FOUND && !strcmp(what, "dump")) {
		fprintf(stderr, "teectl: storage dump: TA %s has no object %s (teectl storage list %s shows its objects)\n",
			io.uuid, io.id, io.uuid);
		return EXIT_NOTFOUND;
	}
	if (refused) {
		fprintf(stderr, "teectl: storage %s: the storage code needed to change %s (an interrupted update to finish, or a first use): teectl only reads; open the object from the TA once, then inspect again\n",
			what, refused);
		return EXIT_FAIL;
	}
	fprintf(stderr, "teectl: storage %s: failed with 0x%08x%s\n", what, r,
		r == TEE_ERROR_CORRUPT_OBJECT ?
		" (TEE_ERROR_CORRUPT_OBJECT: the store was tampered with, rolled back or is being written right now; see the lines above)" :
		r == TEE_ERROR_STORAGE_NOT_AVAILABLE ?
		" (TEE_ERROR_STORAGE_NOT_AVAILABLE: see the lines above)" : "");
	return EXIT_FAIL;
}

int cmd_storage_inspect(const char *what, int argc, char **argv)
{
	bool dump = !strcmp(what, "dump");
	struct teekit_ta_head head;
	struct tatest_ta_syms syms;
	char rpmb[4096];
	struct tatest *t;
	uint32_t sess, origin;
	TEE_Result r;
	int rc;

	if (parse_args(argc, argv, dump)) {
		fprintf(stderr, "usage: teectl storage list UUID [--fs-root DIR] [--rpmb-file PATH]\n"
			"       teectl storage dump UUID OBJECT_ID [--hex] [--out FILE] [--fs-root DIR]\n"
			"                      [--rpmb-file PATH] [--trusted-key PEM]\n"
			"OBJECT_ID is the object's id as text, or hex:<bytes>\n");
		return EXIT_USAGE;
	}
	memset(&head, 0, sizeof(head));
	if (parse_uuid(io.uuid, &head.uuid)) {
		fprintf(stderr, "teectl: storage %s: '%s' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n",
			what, io.uuid);
		return EXIT_USAGE;
	}
	if (dump && parse_id(io.id)) {
		fprintf(stderr, "teectl: storage dump: '%s' is not an object id (1 to %d bytes, as text or hex:<even number of hex digits>)\n",
			io.id, TEE_OBJECT_ID_MAX_LEN);
		return EXIT_USAGE;
	}
	if (dump && !development_machine(io.key)) {
		fprintf(stderr, "teectl: storage dump: refused: the trusted TA key %s is not the development key, so this is not a development machine and a TA's stored secrets stay in the TA (use teectl storage list to see what it stores)\n",
			io.key);
		return EXIT_PERM;
	}
	rc = preflight(what, rpmb, sizeof(rpmb));
	if (rc)
		return rc;
	if (supp_fs_open_root(&sctx.fs, io.root) ||
	    supp_rpmb_open(sctx.fs.root_fd, rpmb) < 0) {
		fprintf(stderr, "teectl: storage %s: cannot open %s or %s: %s\n",
			what, io.root, rpmb, strerror(errno));
		return EXIT_FAIL;
	}
	if (teeta_storage_key_init(io.uuid)) {
		fprintf(stderr, "teectl: storage %s: cannot derive the keys of TA %s from the device-unique key\n",
			what, io.uuid);
		return EXIT_FAIL;
	}
	head.magic = TEEKIT_TA_HEAD_MAGIC;
	head.version = TEEKIT_TA_HEAD_VERSION;
	head.flags = TA_FLAG_SINGLE_INSTANCE;
	head.stack_size = 64 * 1024;
	head.data_size = 64 << 20;
	head.description = "teectl storage inspector";
	head.ta_version = "1.0";
	syms = (struct tatest_ta_syms){
		.head = &head, .create = inspect_create,
		.destroy = inspect_destroy, .open = inspect_open,
		.close = inspect_close, .invoke = inspect_invoke,
	};
	tatest_nw_set_store(store_rpc);
	t = tatest_load_syms(&syms);
	if (!t) {
		fprintf(stderr, "teectl: storage %s: %s\n", what, tatest_error());
		return EXIT_FAIL;
	}
	tatest_set_log(t, log_line, NULL);
	r = tatest_open(t, NULL, 0, NULL, &sess, &origin);
	if (!r) {
		r = tatest_invoke(t, sess, dump ? CMD_DUMP : CMD_LIST, 0, NULL,
				  &origin);
		tatest_close(t, sess);
	}
	tatest_unload(t);
	fflush(stdout);
	return result_exit(what, r);
}
