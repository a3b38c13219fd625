// SPDX-License-Identifier: GPL-2.0-only
/*
 * plugins.c - in-process plugins (func 12, SUPP_PLUGIN).
 *
 * At start every regular file of the plugin directory is dlopen()ed and
 * must export "plugin_method" (include/tee_plugin_method.h). init() runs
 * after privileges are dropped. Requests:
 *
 *   v0 = { a: 0 (invoke), b: UUID word 0, c: UUID word 1 }
 *   v1 = { a: UUID word 2, b: UUID word 3, c: cmd }
 *   v2 INOUT = { a: sub_cmd, b (out): out length }
 *   m3 INOUT (optional): data
 *
 * The UUID words are the 16 RFC 4122 octets read as four little-endian
 * u32. Unknown UUID -> TEEC_ERROR_ITEM_NOT_FOUND. Plugins are not
 * serialised: a plugin that sleeps does not hold up the others.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "supp.h"
#include "include/tee_plugin_method.h"

struct supp_plugin {
	void *handle;
	const struct plugin_method *m;
	uint8_t uuid[16];		/* RFC 4122 octets */
	bool enabled;
	struct supp_plugin *next;
};

static void uuid_octets(const struct tee_plugin_uuid *u, uint8_t o[16])
{
	o[0] = u->timeLow >> 24;
	o[1] = u->timeLow >> 16;
	o[2] = u->timeLow >> 8;
	o[3] = u->timeLow;
	o[4] = u->timeMid >> 8;
	o[5] = u->timeMid;
	o[6] = u->timeHiAndVersion >> 8;
	o[7] = u->timeHiAndVersion;
	memcpy(o + 8, u->clockSeqAndNode, 8);
}

static int load_one(struct supp_plugins *pl, const char *path)
{
	const struct plugin_method *m;
	struct supp_plugin *p, *it;
	char uuid[37];
	void *h;

	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		supp_warn("plugin %s: %s", path, dlerror());
		return -EINVAL;
	}
	m = dlsym(h, "plugin_method");
	if (!m || !m->invoke) {
		supp_warn("plugin %s exports no plugin_method with invoke()",
			  path);
		dlclose(h);
		return -EINVAL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		dlclose(h);
		return -ENOMEM;
	}
	p->handle = h;
	p->m = m;
	p->enabled = true;
	uuid_octets(&m->uuid, p->uuid);
	supp_uuid_str(p->uuid, uuid);
	for (it = pl->list; it; it = it->next) {
		if (!memcmp(it->uuid, p->uuid, 16)) {
			supp_warn("plugin %s: UUID %s already served by %s",
				  path, uuid, it->m->name);
			free(p);
			dlclose(h);
			return -EEXIST;
		}
	}
	p->next = pl->list;
	pl->list = p;
	pl->count++;
	supp_info("plugin %s (%s) from %s", m->name ? m->name : "?", uuid,
		  path);
	return 0;
}

int supp_plugins_load(struct supp_plugins *pl, const char *dir)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		supp_warn("plugin directory %s: %s", dir, strerror(errno));
		return -errno;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		load_one(pl, path);
	}
	closedir(d);
	return 0;
}

void supp_plugins_init(struct supp_plugins *pl)
{
	struct supp_plugin *p;
	uint32_t r;

	for (p = pl->list; p; p = p->next) {
		if (!p->m->init)
			continue;
		r = p->m->init();
		if (r) {
			supp_warn("plugin %s: init failed (0x%08x), disabled",
				  p->m->name ? p->m->name : "?", r);
			p->enabled = false;
		}
	}
}

void supp_plugins_unload(struct supp_plugins *pl)
{
	struct supp_plugin *p, *next;

	for (p = pl->list; p; p = next) {
		next = p->next;
		dlclose(p->handle);
		free(p);
	}
	pl->list = NULL;
	pl->count = 0;
}

uint32_t supp_plugin_request(struct supp_ctx *ctx, struct supp_req *req)
{
	struct tee_ioctl_param *v0, *v1, *v2;
	struct supp_param *data = NULL;
	struct supp_plugin *p;
	uint32_t words[4], ret;
	uint8_t uuid[16];
	size_t out_len = 0;
	int i;

	if (req->num_params < 3 || req->num_params > 4)
		return TEEC_ERROR_BAD_PARAMETERS;
	for (i = 0; i < 3; i++)
		if (!supp_is_value(&req->params[i]))
			return TEEC_ERROR_BAD_PARAMETERS;
	if (req->num_params == 4) {
		data = &req->params[3];
		if (!supp_is_memref(data) && supp_ptype(data) !=
		    TEE_IOCTL_PARAM_ATTR_TYPE_NONE)
			return TEEC_ERROR_BAD_PARAMETERS;
		if (!supp_is_memref(data))
			data = NULL;
	}
	v0 = req->params[0].p;
	v1 = req->params[1].p;
	v2 = req->params[2].p;
	if (v0->a != SUPP_PLUGIN_INVOKE)
		return TEEC_ERROR_NOT_SUPPORTED;
	words[0] = v0->b;
	words[1] = v0->c;
	words[2] = v1->a;
	words[3] = v1->b;
	for (i = 0; i < 4; i++) {
		uuid[4 * i] = words[i];
		uuid[4 * i + 1] = words[i] >> 8;
		uuid[4 * i + 2] = words[i] >> 16;
		uuid[4 * i + 3] = words[i] >> 24;
	}
	for (p = ctx->plugins.list; p; p = p->next)
		if (!memcmp(p->uuid, uuid, 16))
			break;
	if (!p || !p->enabled) {
		char s[37];

		supp_uuid_str(uuid, s);
		supp_dbg("no plugin %s", s);
		return TEEC_ERROR_ITEM_NOT_FOUND;
	}
	if (data && !data->buf && data->size)
		return TEEC_ERROR_BAD_PARAMETERS;
	ret = p->m->invoke((unsigned int)v1->c, (unsigned int)v2->a,
			   data ? data->buf : NULL, data ? data->size : 0,
			   &out_len);
	v2->b = out_len;
	if (data && out_len <= data->size)
		data->p->b = out_len;
	return ret;
}
