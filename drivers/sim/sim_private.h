/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit_sim: private definitions of the sim specific driver and its
 * conduit.  Files: sim_main.c (module, device pair, debugfs), sim_call.c
 * (client calls -> messages), sim_rpc.c (RPC serving), sim_conduit.c
 * (the /dev/teekit_sim channels, queues and routing), sim_shm.c (views
 * of shared memory and mmap).
 */
#ifndef TEEKIT_SIM_PRIVATE_H
#define TEEKIT_SIM_PRIVATE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/tee_core.h>

#include "conduit.h"

#if !defined(TEEKIT_TEE_CORE_H) || !defined(TEEKIT_UAPI_TEE_H)
#error "built against the kernel tree's TEE headers instead of teekit's"
#endif

/**
 * struct tksim_dev - the driver: a client and a supplicant device
 * @client:	/dev/teeN
 * @supp:	/dev/teeprivN
 * @cd:		the conduit the calls go through
 * @bus:	its devices on the TEE bus (sim_bus.c); NULL until both
 *		tee devices are registered
 */
struct tksim_dev {
	struct tee_device *client;
	struct tee_device *supp;
	struct tk_conduit *cd;
	struct tksim_bus *bus;
};

/* ---- the sim conduit ---- */

/**
 * struct tksim_view - one shm object as seen by one channel
 * @shm:	the object; a reference is held only if @owned
 * @id:		cookie >> 32 (the RO view is at cookie + TKSIM_RO_OFFSET)
 * @rw_ok:	the RW view may be mapped (passed as output, or @owned)
 * @owned:	allocated for the channel by an RPC SHM_ALLOC
 * @put_link:	on a list of views to free outside the lock
 *
 * A view only names the object.  Which of its pages the channel may reach
 * is decided at each page fault by the grants of the calls it holds
 * (struct tksim_grant); an owned view is reachable whole.
 */
struct tksim_view {
	struct tee_shm *shm;
	u32 id;
	bool rw_ok;
	bool owned;
	struct list_head put_link;
};

/**
 * struct tksim_grant - pages of a view a call gives its channel
 * @view:	view id
 * @first:	first page (index in the view's mapping)
 * @last:	last page
 * @rw:		writable (an OUTPUT or INOUT memref)
 *
 * A grant lives exactly as long as its call is rendered to the channel:
 * from chan_recv() to the moment the call leaves the channel
 * (call_unlink(), chan_unrecv()), when the pages are zapped again.
 */
struct tksim_grant {
	u32 view;
	u32 first;
	u32 last;
	bool rw;
};

#define TKSIM_VIEW_SHIFT	32
#define TKSIM_RO_OFFSET		TKSIM_COOKIE_RO

/**
 * struct tksim_chan - the OS channel or one instance's channel
 * @ref:	the instance table, the attached file, each call held and
 *		each session bound hold a reference
 * @instance:	instance id, 0 for the OS channel
 * @uuid:	TA UUID (instances, informational)
 * @attached:	a file is attached
 * @dead:	no more calls; receivers get ENODEV
 * @owner:	files_struct of the attaching process (compared only)
 * @mapping:	address space of the attached file (for unmapping views)
 * @queue:	calls waiting for a receiver (struct tksim_call.link)
 * @taken:	calls delivered and not yet answered
 * @notes:	notices waiting (struct tksim_note)
 * @wq:		receivers wait here
 * @status_page: the status page (cancel flags)
 * @status:	its kernel address
 * @slots:	slots in use
 * @views:	id -> struct tksim_view
 * @owned_bytes: bytes of the views it owns (SHM_ALLOC), and of the
 *		allocations under way, against tksim_max_ta_shm_kib
 * @link:	in tksim_conduit.chans
 * @sock_close: set at the instance's first socket RPC: the CLOSE_ALL
 *		the supplicant gets when the instance dies (decision 1531)
 *
 * Everything but @ref is protected by the conduit's lock.
 */
struct tksim_chan {
	struct kref ref;
	u32 instance;
	u8 uuid[16];
	bool attached;
	bool dead;
	void *owner;
	struct address_space *mapping;
	struct list_head queue;
	struct list_head taken;
	struct list_head notes;
	wait_queue_head_t wq;
	struct page *status_page;
	struct tksim_status *status;
	unsigned long *slots;
	struct xarray views;
	size_t owned_bytes;
	struct list_head link;
	struct tksim_sock_close *sock_close;
};

/**
 * struct tksim_sock_close - a dead instance whose sockets the supplicant
 * must close (socket RPC CLOSE_ALL, sent by tksim_supp_free_work())
 * @link:	in tksim_conduit.sock_closes
 * @instance:	the instance id the supplicant knows its sockets by
 */
struct tksim_sock_close {
	struct list_head link;
	u32 instance;
};

/**
 * struct tksim_note - a notice for a channel
 * @link:	in tksim_chan.notes
 * @cmd:	TKSIM_NOTE_*
 * @val:	cookie or instance id
 */
struct tksim_note {
	struct list_head link;
	u32 cmd;
	u64 val;
};

enum tksim_call_state {
	TKSIM_CALL_QUEUED,	/* on chan->queue */
	TKSIM_CALL_TAKEN,	/* on chan->taken, a thread runs it */
	TKSIM_CALL_RPC,		/* a thread waits; the client serves arg->rpc */
	TKSIM_CALL_RPC_DONE,	/* RPC served; the thread collects it */
	TKSIM_CALL_RPC_HERE,	/* a thread serves an RPC itself (supplicant) */
	TKSIM_CALL_DONE,	/* answered or failed */
};

/**
 * struct tksim_call - a yielding call inside the conduit
 * @id:		call id shown to the emulator
 * @arg:	the driver's message; NULL once abandoned
 * @chan:	channel holding the call (reference)
 * @state:	enum tksim_call_state
 * @slot:	status-page slot while taken, else -1
 * @cmd, @session, @cancel_id, @ctx: copies for matching (cancel)
 * @nested:	a TA-to-TA call: a client's cancel never matches it, only
 *		propagation from its parent or its timeout cancel it
 * @num_params, @attrs: the request's shape, to check the answer
 * @supp_nowait: supplicant requests made for the call fail at once when no
 *		supplicant is attached (the client is kernel code)
 * @supp_w:	while TKSIM_CALL_RPC_HERE: the serving thread's supplicant
 *		request, aborted if the client goes away (sim_rpc.c)
 * @users:	references, see call_put()
 * @held:	shm references taken when the call was abandoned (the
 *		params', and an RPC SHM_ALLOC result's in the last entry)
 * @grants:	the pages its memrefs give the channel it is rendered to
 * @num_grants:	grants in use
 * @rpc_hold:	references to the memrefs of an RPC the client's thread
 *		serves (TA-to-TA): taken when the RPC is handed over, put
 *		when the client returns from it or the call is freed, so
 *		they outlive the asking thread (which may be killed)
 * @own:	a message no client waits for, owned by the call and freed
 *		with it (@arg points to it): the copy an abandoned open keeps
 *		so that it can still be forwarded, or a CLOSE_SESSION the
 *		driver sends for a session opened after its client died
 * @link:	in chan->queue or chan->taken
 * @wq:		the client and an RPC-waiting thread wait here
 *
 * Protected by the conduit's lock.  Freed by whoever moves it to DONE
 * while no one waits on it: the client (normal end) or, once abandoned,
 * the answering thread or the channel's death.
 */
struct tksim_call {
	u32 id;
	struct tk_msg_arg *arg;
	struct tksim_chan *chan;
	enum tksim_call_state state;
	int slot;
	u32 cmd;
	u32 session;
	u32 cancel_id;
	struct tee_context *ctx;
	bool nested;
	u32 num_params;
	u32 attrs[TKSIM_MAX_PARAMS];
	bool supp_nowait;
	struct tee_supp_waiter *supp_w;
	refcount_t users;
	struct tee_shm *held[TKSIM_MAX_PARAMS + 1];
	struct tksim_grant grants[TKSIM_MAX_PARAMS];
	u32 num_grants;
	struct tee_shm *rpc_hold[TKSIM_MAX_PARAMS];
	struct tk_msg_arg *own;
	struct list_head link;
	wait_queue_head_t wq;
};

/**
 * struct tksim_sess - routing of one session
 * @chan:	channel that owns it (reference), NULL while opening or dead
 * @dead:	its channel died
 * @caller:	instance that opened it TA-to-TA (0: a client's session)
 * @reap:	its caller died: the driver's CLOSE_SESSION is queued
 * @caller_dead: its caller died, maybe while the open was under way: if
 *		it opens, the driver closes it again (sess_finish())
 */
struct tksim_sess {
	struct tksim_chan *chan;
	bool dead;
	u32 caller;
	bool reap;
	bool caller_dead;
};

/**
 * struct tksim_conduit - the sim conduit
 * @cd:		the generic conduit
 * @lock:	protects everything below and all channels, calls, sessions
 *		and views.  Never held across copy_{to,from}_user or
 *		tee_shm_put() (the shm hooks take it).
 * @os:		the attached OS channel or NULL
 * @os_major, @os_minor, @os_flags: what the OS declared at attach
 * @chans:	every channel (struct tksim_chan.link)
 * @insts:	instance id -> channel
 * @calls:	call id -> call
 * @sessions:	session id -> struct tksim_sess
 * @next_view:	view ids are never reused
 * @dying:	module unloading
 * @sd:		the driver (its supplicant device serves RPCs in channels)
 * @supp_frees:	supplicant memory of dead channels (struct tksim_view
 *		.put_link, a reference each) to give back with SHM_FREE
 * @sock_closes: dead instances that used sockets (struct tksim_sock_close)
 * @free_work:	sends those SHM_FREE and socket CLOSE_ALL requests (sim_shm.c)
 * @free_w:	the request @free_work waits for, aborted at module exit
 */
struct tksim_conduit {
	struct tk_conduit cd;
	struct mutex lock;	/* see @lock above */
	struct tksim_chan *os;
	u32 os_major, os_minor, os_flags;
	struct list_head chans;
	struct xarray insts;
	struct xarray calls;
	struct xarray sessions;
	u32 next_inst, next_call, next_sess;
	u32 next_view;
	bool dying;
	struct tksim_dev *sd;
	struct list_head supp_frees;
	struct list_head sock_closes;
	struct work_struct free_work;
	struct tee_supp_waiter *free_w;
};

/* sim_main.c */
extern struct tksim_dev *tksim_the_dev;

/* sim_call.c */
int tksim_open_session(struct tee_context *ctx,
		       struct tee_ioctl_open_session_arg *arg,
		       struct tee_param *param);
int tksim_invoke(struct tee_context *ctx, struct tee_ioctl_invoke_arg *arg,
		 struct tee_param *param);
int tksim_cancel(struct tee_context *ctx, u32 cancel_id, u32 session);
int tksim_close_session(struct tee_context *ctx, u32 session);

/* sim_rpc.c */
void tksim_serve_rpc(struct tksim_dev *sd, struct tk_msg_arg *arg);
bool tksim_rpc_in_channel(u32 cmd);
void tksim_serve_rpc_here(struct tksim_dev *sd, struct tk_rpc_arg *rpc,
			  struct tee_supp_waiter *w);

/* sim_call.c: run a message to its end (0, or -EINTR if killed) */
int tksim_do_call(struct tksim_dev *sd, struct tk_msg_arg *arg);
u32 tksim_caller_uid(const struct tk_msg_arg *arg);

/* sim_ta2ta.c: TA-to-TA sessions */
void tksim_ta2ta_rpc(struct tksim_dev *sd, struct tk_msg_arg *arg);
void tksim_ta2ta_caller_dead(struct tksim_conduit *sc, u32 instance);

/* sim_conduit.c, lock held */
int tksim_close_orphan(struct tksim_conduit *sc, struct tksim_chan *chan,
		       u32 session);
void tksim_sess_drop(struct tksim_conduit *sc, u32 id,
		     struct tksim_sess *sess);

/* sim_bus.c: TEE bus devices of the TAs the emulator announces */
struct tksim_bus *tksim_bus_create(struct tksim_dev *sd);
void tksim_bus_os_changed(struct tksim_bus *b);
void tksim_bus_destroy(struct tksim_bus *b);

/* sim_conduit.c */
/* an emulator is attached and serves device enumeration */
bool tksim_conduit_os_attached(struct tk_conduit *cd);
struct tk_conduit *tksim_conduit_create(struct tksim_dev *sd);
void tksim_conduit_stop(struct tk_conduit *cd);
void tksim_conduit_destroy(struct tk_conduit *cd);
void tksim_conduit_show(struct seq_file *m, struct tk_conduit *cd);

/* sim_shm.c (called with tksim_conduit.lock held unless said otherwise) */
extern unsigned int tksim_max_ta_shm_kib;
struct tksim_view *tksim_view_get(struct tksim_conduit *sc,
				  struct tksim_chan *chan, struct tee_shm *shm,
				  bool owned);
void tksim_view_drop_all(struct tksim_conduit *sc, struct tksim_chan *chan,
			 struct list_head *puts);
int tksim_shm_param_out(struct tksim_conduit *sc, struct tksim_chan *chan,
			const struct tee_param *p, struct tksim_param *up,
			struct tksim_grant *g);
void tksim_grants_release(struct tksim_chan *chan, struct tksim_call *call);
int tksim_shm_param_in(struct tksim_chan *chan, struct tksim_call *call,
		       const struct tksim_param *up, struct tee_param *p);
struct tee_shm *tksim_view_take_owned(struct tksim_chan *chan, u64 cookie);
int tksim_shm_alloc_reserve(struct tksim_chan *chan, u64 size);
void tksim_shm_gone(struct tksim_conduit *sc, struct tee_shm *shm);
int tksim_chan_mmap(struct tksim_conduit *sc, struct tksim_chan *chan,
		    struct vm_area_struct *vma);
void tksim_put_shms(struct list_head *puts);	/* without the lock */
void tksim_supp_free_work(struct work_struct *work);	/* no lock */

/*
 * The core's tee_shm_get() is not exported; the reference count is part
 * of the public struct tee_shm and tee_shm_put() drops what this takes.
 * Callers own a reference already (the object cannot be going away).
 */
static inline void tksim_shm_get(struct tee_shm *shm)
{
	kref_get(&shm->refcount);
}

#endif /* TEEKIT_SIM_PRIVATE_H */
