// SPDX-License-Identifier: GPL-2.0-only
/*
 * tatest.c - the TA host harness: a TA's entry points called in the test
 * process through teekit's own runtime (secure-world/tahost/runtime.c and
 * friends, linked into libteekit-tatest), in place of teekit-tahost's
 * channel loop (docs/decisions/0810-host-harness-in-process.md).
 *
 * The runtime keeps one instance's state in globals, so one TA is loaded
 * at a time. A TEE_Panic() reaches host_panic(), which longjmp()s back to
 * the call that entered the TA (call_ta()); the instance is then dead.
 * Locking: t->lock protects only t->cancel (tatest_cancel() may come from
 * another thread); everything else belongs to the calling thread.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "teeta.h"
#include "tatest_priv.h"
#include "teekit_tatest.h"

struct tatest_sess {
	uint32_t id;		/* 0: free slot */
	bool dead;		/* its instance panicked */
};

struct tatest {
	void *dl;		/* NULL: linked into the program */
	const struct teekit_ta_head *head;
	struct teeta_entry ep;
	bool alive;		/* an instance exists (created, not dead) */
	struct tatest_sess sess[TEETA_MAX_SESSIONS];
	unsigned int nsess;	/* live sessions */
	uint32_t next_id;
	bool panicked;
	uint32_t panic_code;
	jmp_buf jb;		/* valid while in_ta */
	bool in_ta;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool cancel;		/* under lock */
	tatest_log_fn log;
	void *log_arg;
};

static struct tatest *loaded;
static bool maps_open;
static char err_text[512];

const char *tatest_error(void)
{
	return err_text;
}

static void set_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_text, sizeof(err_text), fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------- runtime hooks */

static bool host_cancel_pending(void *ctx)
{
	struct tatest *t = ctx;
	bool c;

	pthread_mutex_lock(&t->lock);
	c = t->cancel;
	pthread_mutex_unlock(&t->lock);
	return c;
}

/* TEE_Wait once unmasked: sleeps until ms passed or a cancel arrives */
static bool host_wait(void *ctx, uint32_t ms)
{
	struct tatest *t = ctx;
	struct timespec end;
	bool c;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&t->lock);
	while (!t->cancel) {
		if (ms == TEE_TIMEOUT_INFINITE)
			pthread_cond_wait(&t->cond, &t->lock);
		else if (pthread_cond_timedwait(&t->cond, &t->lock, &end) ==
			 ETIMEDOUT)
			break;
	}
	c = t->cancel;
	pthread_mutex_unlock(&t->lock);
	return c;
}

/* TEE_Panic(): back to the call that entered the TA, never returns there */
static void host_panic(void *ctx, uint32_t code)
{
	struct tatest *t = ctx;

	t->panicked = true;
	t->panic_code = code;
	if (t->in_ta)
		longjmp(t->jb, 1);
	/* not inside a harness call: the runtime ends the process */
}

static void log_sink(void *arg, const char *line, size_t len)
{
	struct tatest *t = arg;
	char buf[1100];

	if (len && line[len - 1] == '\n')
		len--;
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, line, len);
	buf[len] = 0;
	if (t->log)
		t->log(t->log_arg, buf);
	else
		fprintf(stderr, "%s\n", buf);
}

/* ------------------------------------------------- instance, calls */

static bool keep_alive(const struct tatest *t)
{
	uint32_t f = t->head->flags;

	return (f & TA_FLAG_SINGLE_INSTANCE) &&
	       (f & TA_FLAG_INSTANCE_KEEP_ALIVE);
}

/*
 * The only place that enters the TA. A panic on the way longjmp()s to the
 * setjmp() here: the instance and its sessions are dead.
 */
static void call_ta(struct tatest *t, struct teeta_req *req,
		    enum tatest_call what, TEE_Result *res)
{
	t->in_ta = true;
	if (setjmp(t->jb)) {
		unsigned int i;

		t->in_ta = false;
		t->alive = false;
		for (i = 0; i < TEETA_MAX_SESSIONS; i++)
			if (t->sess[i].id)
				t->sess[i].dead = true;
		t->nsess = 0;
		if (req) {
			req->ret = TEE_ERROR_TARGET_DEAD;
			req->origin = TEE_ORIGIN_TEE;
		}
		if (res)
			*res = TEE_ERROR_TARGET_DEAD;
		tatest_nw_end_call();
		return;
	}
	tatest_nw_begin_call(what != TATEST_CALL_LIFECYCLE);
	switch (what) {
	case TATEST_CALL_ENTRY:
		teeta_dispatch(req);
		break;
	case TATEST_CALL_LIFECYCLE:
		if (res)
			*res = teeta_create();
		else
			teeta_destroy();
		break;
	}
	tatest_nw_end_call();
	t->in_ta = false;
}

static TEE_Result instance_start(struct tatest *t)
{
	const struct teeta_host_ops ops = {
		.cancel_pending = host_cancel_pending,
		.wait = host_wait,
		.panic = host_panic,
		.ctx = t,
	};
	TEE_Result res = TEE_ERROR_GENERIC;

	teeta_init(t->head, &t->ep, &ops);
	call_ta(t, NULL, TATEST_CALL_LIFECYCLE, &res);
	if (res != TEE_SUCCESS) {
		teeta_log("TA_CreateEntryPoint failed: 0x%08x%s", res,
			  t->panicked ? " (panic)" : "");
		return res;
	}
	t->alive = true;
	return TEE_SUCCESS;
}

static void instance_end(struct tatest *t)
{
	if (!t->alive)
		return;
	call_ta(t, NULL, TATEST_CALL_LIFECYCLE, NULL);
	t->alive = false;
}

/* GP: after its last session a TA instance ends, unless kept alive */
static void maybe_end(struct tatest *t)
{
	if (t->alive && !t->nsess && !keep_alive(t))
		instance_end(t);
}

static struct tatest_sess *find_sess(struct tatest *t, uint32_t id)
{
	unsigned int i;

	for (i = 0; id && i < TEETA_MAX_SESSIONS; i++)
		if (t->sess[i].id == id)
			return &t->sess[i];
	return NULL;
}

static void begin(struct tatest *t)
{
	t->panicked = false;
	t->panic_code = 0;
}

/* the end of a call: a cancel request applied to it */
static void finish(struct tatest *t)
{
	pthread_mutex_lock(&t->lock);
	t->cancel = false;
	pthread_mutex_unlock(&t->lock);
}

static TEE_Result done(TEE_Result res, uint32_t org, uint32_t *origin)
{
	if (origin)
		*origin = org;
	return res;
}

TEE_Result tatest_open(struct tatest *t, const TEE_Identity *client,
		       uint32_t ptypes, TEE_Param params[TEE_NUM_PARAMS],
		       uint32_t *session, uint32_t *origin)
{
	struct tatest_sess *s = NULL;
	struct tatest_params tp;
	struct teeta_req req;
	unsigned int i;
	TEE_Result res;

	begin(t);
	if (session)
		*session = 0;
	for (i = 0; !s && i < TEETA_MAX_SESSIONS; i++)
		if (!t->sess[i].id)
			s = &t->sess[i];
	if (!session || !s) {
		teeta_log("tatest_open: %s", session ? "too many sessions" :
			  "session pointer is NULL");
		finish(t);
		return done(session ? TEE_ERROR_BUSY : TEE_ERROR_BAD_PARAMETERS,
			    TEE_ORIGIN_API, origin);
	}
	if (t->nsess && !(t->head->flags & TA_FLAG_SINGLE_INSTANCE)) {
		teeta_log("tatest_open: a multi-instance TA gets one instance per session; the harness runs one instance: close the other session first");
		finish(t);
		return done(TEE_ERROR_BUSY, TEE_ORIGIN_TEE, origin);
	}
	memset(&req, 0, sizeof(req));
	res = tatest_params_in(&tp, ptypes, params, req.params);
	if (res) {
		finish(t);
		return done(res, TEE_ORIGIN_API, origin);
	}
	if (!t->alive) {
		res = instance_start(t);
		if (res) {
			tatest_params_out(&tp, params, req.params, false);
			finish(t);
			return done(res, TEE_ORIGIN_TEE, origin);
		}
	}
	if (++t->next_id == 0)
		t->next_id = 1;
	req.op = TEETA_OP_OPEN;
	req.session = t->next_id;
	req.ptypes = ptypes;
	if (client)
		req.client = *client;
	else
		req.client.login = TEE_LOGIN_PUBLIC;
	call_ta(t, &req, TATEST_CALL_ENTRY, NULL);
	if (!tatest_params_out(&tp, params, req.params, !t->panicked))
		req.ret = tatest_input_written(t);
	if (req.ret == TEE_SUCCESS && t->alive) {
		s->id = req.session;
		s->dead = false;
		t->nsess++;
		*session = s->id;
	}
	if (req.ret != TEE_SUCCESS && req.ret != TEE_ERROR_TARGET_DEAD &&
	    !t->panicked)
		maybe_end(t);
	finish(t);
	return done(req.ret, req.ret ? (req.origin ? req.origin :
					 TEE_ORIGIN_TEE) :
			TEE_ORIGIN_TRUSTED_APP, origin);
}

TEE_Result tatest_invoke(struct tatest *t, uint32_t session, uint32_t cmd,
			 uint32_t ptypes, TEE_Param params[TEE_NUM_PARAMS],
			 uint32_t *origin)
{
	struct tatest_sess *s = find_sess(t, session);
	struct tatest_params tp;
	struct teeta_req req;
	TEE_Result res;

	begin(t);
	if (!s) {
		teeta_log("tatest_invoke: no session %u (not opened, or closed)",
			  session);
		finish(t);
		return done(TEE_ERROR_BAD_PARAMETERS, TEE_ORIGIN_API, origin);
	}
	if (s->dead) {
		finish(t);
		return done(TEE_ERROR_TARGET_DEAD, TEE_ORIGIN_TEE, origin);
	}
	memset(&req, 0, sizeof(req));
	res = tatest_params_in(&tp, ptypes, params, req.params);
	if (res) {
		finish(t);
		return done(res, TEE_ORIGIN_API, origin);
	}
	req.op = TEETA_OP_INVOKE;
	req.session = session;
	req.cmd = cmd;
	req.ptypes = ptypes;
	call_ta(t, &req, TATEST_CALL_ENTRY, NULL);
	if (!tatest_params_out(&tp, params, req.params, !t->panicked))
		req.ret = tatest_input_written(t);
	finish(t);
	return done(req.ret, req.ret ? (req.origin ? req.origin :
					 TEE_ORIGIN_TEE) :
			TEE_ORIGIN_TRUSTED_APP, origin);
}

TEE_Result tatest_close(struct tatest *t, uint32_t session)
{
	struct tatest_sess *s = find_sess(t, session);
	struct teeta_req req;

	begin(t);
	if (!s) {
		teeta_log("tatest_close: no session %u (not opened, or closed)",
			  session);
		finish(t);
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (s->dead) {
		s->id = 0;
		finish(t);
		return TEE_SUCCESS;
	}
	memset(&req, 0, sizeof(req));
	req.op = TEETA_OP_CLOSE;
	req.session = session;
	call_ta(t, &req, TATEST_CALL_ENTRY, NULL);
	s->id = 0;
	if (!t->panicked) {
		t->nsess--;
		maybe_end(t);
	}
	finish(t);
	return t->panicked ? TEE_ERROR_TARGET_DEAD : TEE_SUCCESS;
}

/*
 * A TA wrote to an input memref. In the TEE that memory is mapped
 * read-only and the instance dies (TARGET_DEAD); the harness finds the
 * write afterwards and ends the instance the same way, minus the crash.
 */
TEE_Result tatest_input_written(struct tatest *t)
{
	unsigned int i;

	t->alive = false;
	for (i = 0; i < TEETA_MAX_SESSIONS; i++)
		if (t->sess[i].id)
			t->sess[i].dead = true;
	t->nsess = 0;
	return TEE_ERROR_TARGET_DEAD;
}

bool tatest_panicked(struct tatest *t, uint32_t *code)
{
	if (code)
		*code = t->panicked ? t->panic_code : 0;
	return t->panicked;
}

void tatest_cancel(struct tatest *t)
{
	pthread_mutex_lock(&t->lock);
	t->cancel = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

void tatest_set_log(struct tatest *t, tatest_log_fn fn, void *arg)
{
	t->log = fn;
	t->log_arg = arg;
}

void tatest_set_log_level(struct tatest *t, int level)
{
	(void)t;
	teeta_trace_set_level(level);
}

unsigned int tatest_sessions(struct tatest *t)
{
	return t->nsess;
}

bool tatest_instance_alive(struct tatest *t)
{
	return t->alive;
}

/* ------------------------------------------------------ load, unload */

static struct tatest *load(const struct tatest_ta_syms *s, void *dl,
			   const char *what)
{
	pthread_condattr_t ca;
	struct tatest *t;

	if (loaded) {
		set_error("%s: a TA is already loaded in this process; tatest_unload() it first (the runtime holds one instance)",
			  what);
		return NULL;
	}
	if (!s->head || s->head->magic != TEEKIT_TA_HEAD_MAGIC ||
	    s->head->version != TEEKIT_TA_HEAD_VERSION) {
		set_error("%s: teekit_ta_head has a bad magic or version: rebuild the TA with this SDK (ta.mk, or teekit_add_ta in CMake)",
			  what);
		return NULL;
	}
	if (s->head->api_flags & ~TEEKIT_TA_HEAD_F_KNOWN) {
		set_error("%s: teekit_ta_head has unknown api_flags 0x%x: the TA was built with a newer SDK; rebuild it with this one",
			  what, s->head->api_flags);
		return NULL;
	}
	if ((s->head->api_flags & TEEKIT_TA_HEAD_F_GP11) && !dl) {
		set_error("%s: the TA is built with __OPTEE_CORE_API_COMPAT_1_1 (GP 1.1 TEE_Param): load its .so with tatest_load()",
			  what);
		return NULL;
	}
	/* TEE_CheckMemoryAccessRights reads /proc/self/maps (memrights.c) */
	if (!maps_open && teeta_mem_init()) {
		set_error("%s: cannot open /proc/self/maps: %s (TEE_CheckMemoryAccessRights needs it; is /proc mounted?)",
			  what, strerror(errno));
		return NULL;
	}
	maps_open = true;
	t = calloc(1, sizeof(*t));
	if (!t) {
		set_error("%s: out of memory", what);
		return NULL;
	}
	t->dl = dl;
	t->head = s->head;
	t->ep.create = s->create;
	t->ep.destroy = s->destroy;
	t->ep.open = s->open;
	t->ep.close = s->close;
	t->ep.invoke = s->invoke;
	pthread_mutex_init(&t->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cond, &ca);
	pthread_condattr_destroy(&ca);
	teeta_read_device_id();
	teeta_log_init(2, &t->head->uuid);
	teeta_log_set_sink(log_sink, t);
	loaded = t;
	return t;
}

struct tatest *tatest_load_syms(const struct tatest_ta_syms *syms)
{
	if (!syms || !syms->create || !syms->destroy || !syms->open ||
	    !syms->close || !syms->invoke) {
		set_error("tatest_load_syms: an entry point is missing: the TA must define all five TA_*EntryPoint functions");
		return NULL;
	}
	return load(syms, NULL, "tatest_load_syms");
}

static void *need_sym(void *dl, const char *path, const char *name,
		      bool *ok)
{
	void *p = dlsym(dl, name);

	if (!p && *ok) {
		set_error("%s does not define %s: %s", path, name,
			  strcmp(name, "teekit_ta_head") ?
			  "every TA must define the five TA_*EntryPoint functions" :
			  "build the TA with the SDK (ta.mk links ta_header.c)");
		*ok = false;
	}
	return p;
}

struct tatest *tatest_load(const char *path)
{
	void *open11 = NULL, *invoke11 = NULL;
	struct tatest_ta_syms s;
	bool ok = true, gp11;
	struct tatest *t;
	void *dl;

	if (!path) {
		set_error("tatest_load: no path: give the TA's <uuid>.so (or use tatest_load_linked())");
		return NULL;
	}
	/*
	 * NODELETE: the TA's code stays mapped after tatest_unload(), so
	 * valgrind and ASan name its functions in leak reports at exit.
	 */
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!dl) {
		set_error("cannot load the TA: %s (build it with ta.mk; its TEE_* symbols resolve against libteekit-tatest, which the test program must link)",
			  dlerror());
		return NULL;
	}
	s.head = need_sym(dl, path, "teekit_ta_head", &ok);
	s.create = need_sym(dl, path, "TA_CreateEntryPoint", &ok);
	s.destroy = need_sym(dl, path, "TA_DestroyEntryPoint", &ok);
	s.close = need_sym(dl, path, "TA_CloseSessionEntryPoint", &ok);
	gp11 = ok && (s.head->api_flags & TEEKIT_TA_HEAD_F_GP11);
	if (gp11) {
		/* GP 1.1 entry points: the runtime converts (gp11.c) */
		open11 = need_sym(dl, path, "__GP11_TA_OpenSessionEntryPoint",
				  &ok);
		invoke11 = need_sym(dl, path,
				    "__GP11_TA_InvokeCommandEntryPoint", &ok);
		s.open = NULL;
		s.invoke = NULL;
	} else {
		s.open = need_sym(dl, path, "TA_OpenSessionEntryPoint", &ok);
		s.invoke = need_sym(dl, path, "TA_InvokeCommandEntryPoint",
				    &ok);
	}
	t = ok ? load(&s, dl, path) : NULL;
	if (t && gp11) {
		t->ep.open11 = open11;
		t->ep.invoke11 = invoke11;
	}
	if (!t)
		dlclose(dl);
	return t;
}

void tatest_unload(struct tatest *t)
{
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < TEETA_MAX_SESSIONS; i++)
		if (t->sess[i].id)
			tatest_close(t, t->sess[i].id);
	instance_end(t);
	teeta_log_set_sink(NULL, NULL);
	if (t->dl)
		dlclose(t->dl);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	if (loaded == t)
		loaded = NULL;
	free(t);
}
