/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * teekit sim conduit: the ABI of /dev/teekit_sim, between the sim specific
 * driver (teekit_sim.ko) and the user-space trusted-OS emulator.
 *
 * Only the emulator may open the device (root, mode 0600).  An open file
 * becomes a *channel*: either the OS channel (the emulator's main process,
 * one at a time) or the channel of one TA instance (one process).  A
 * channel's threads block in TKSIM_IOC_XFER, which sends the answer to the
 * previous request and receives the next one in one system call.
 * Protocol, sequences and errors: docs/sim-conduit.md.
 *
 * Every structure uses fixed-width types only; sizes are given in the
 * comments and do not depend on the architecture.  Reserved fields must be
 * zero on input (EINVAL otherwise).
 */
#ifndef _UAPI_TEEKIT_LINUX_TEEKIT_SIM_H
#define _UAPI_TEEKIT_LINUX_TEEKIT_SIM_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define TKSIM_DEVICE		"/dev/teekit_sim"
/* 2: TA-to-TA RPCs (TKSIM_RPC_TA_*); 3: their cancellation flags */
#define TKSIM_ABI_VERSION	4

/* Parameters per message (GlobalPlatform's four) */
#define TKSIM_MAX_PARAMS	4
/* Calls one channel can hold at once (= cancel flags in the status page) */
#define TKSIM_MAX_SLOTS		1024

/*
 * mmap offsets of a channel file.  Offset 0 is the status page (one page,
 * read-only).  Every other offset is a *cookie* that the driver reported in
 * a memref; cookies are unique for the life of the module and never reused.
 */
#define TKSIM_MMAP_STATUS	0
#define TKSIM_COOKIE_NULL	0	/* memref without buffer */
/*
 * The two views of one object differ only in this bit: the read-write
 * view's cookie has it clear, the read-only view's has it set.
 */
#define TKSIM_COOKIE_RO		0x80000000ULL

/**
 * struct tksim_status - the status page (mmap offset 0, PROT_READ only)
 * @cancel:	[out] cancel[slot] != 0 once the call holding @slot (see
 *		struct tksim_xfer) was cancelled.  The driver clears the
 *		flag when it gives the slot to a call, so a runtime can
 *		poll it without a system call (TEE_GetCancellationFlag).
 */
struct tksim_status {
	__u32 cancel[TKSIM_MAX_SLOTS];
};

/*
 * struct tksim_param.attr: the type numbers of <linux/tee.h>
 * (TEE_IOCTL_PARAM_ATTR_TYPE_*): 0 none, 1/2/3 value in/out/inout,
 * 5/6/7 memref in/out/inout.
 */
#define TKSIM_PARAM_NONE		0
#define TKSIM_PARAM_VALUE_INPUT		1
#define TKSIM_PARAM_VALUE_OUTPUT	2
#define TKSIM_PARAM_VALUE_INOUT		3
#define TKSIM_PARAM_MEMREF_INPUT	5
#define TKSIM_PARAM_MEMREF_OUTPUT	6
#define TKSIM_PARAM_MEMREF_INOUT	7

/**
 * struct tksim_param - one parameter (32 bytes)
 * @attr:	[in/out] TKSIM_PARAM_*
 * @map_pages:	[out] memref: length of the view @c in pages (the length to
 *		pass to mmap); 0 otherwise.  [in] ignored.
 * @a:		[in/out] value a | memref: offset of the buffer in the view
 * @b:		[in/out] value b | memref: size of the buffer in bytes
 * @c:		[in/out] value c | memref: cookie of the view
 *		(TKSIM_COOKIE_NULL: no buffer)
 *
 * Requests carry the client's parameters: memrefs point into views of the
 * client's shared memory that the channel maps once with
 * mmap(NULL, map_pages * page size, prot, MAP_SHARED, fd, cookie).
 * INPUT memrefs name the read-only view (mapping it writable fails with
 * EACCES); OUTPUT and INOUT memrefs name the read-write view.
 *
 * Answers (TKSIM_OP_RETURN) must keep every @attr as received; the driver
 * reads a, b, c of VALUE_OUTPUT/INOUT params and b (the size the TA
 * produced or needs) of MEMREF_OUTPUT/INOUT params, and nothing else.
 *
 * RPCs (TKSIM_OP_RPC) carry values as they are and memrefs as
 * (a = offset, b = size, c = cookie) of a view this channel knows.
 */
struct tksim_param {
	__u32 attr;
	__u32 map_pages;
	__u64 a;
	__u64 b;
	__u64 c;
};

/* struct tksim_msg.cmd of a request (kind TKSIM_KIND_CALL) */
#define TKSIM_CMD_OPEN_SESSION	0
#define TKSIM_CMD_INVOKE	1
#define TKSIM_CMD_CLOSE_SESSION	2

/*
 * struct tksim_msg.cmd of an RPC (TKSIM_OP_RPC): OP-TEE's RPC numbers.
 * Served by the driver: GET_TIME, SUSPEND, SHM_ALLOC/SHM_FREE (the memory
 * comes from the supplicant, type 0 APPL).  Every other number goes to the
 * supplicant unchanged with the parameters translated (memref cookies of
 * supplicant memory become its shm ids).  Layouts:
 * ../shared/reference/supplicant-protocol.md and docs/sim-conduit.md.
 */
#define TKSIM_RPC_LOAD_TA	0
#define TKSIM_RPC_RPMB		1
#define TKSIM_RPC_FS		2
#define TKSIM_RPC_GET_TIME	3	/* v0 OUT: a = s, b = ns (CLOCK_REALTIME) */
#define TKSIM_RPC_NOTIFICATION	4	/* not supported */
#define TKSIM_RPC_SUSPEND	5	/* v0 IN: a = ms; cancel ends it early */
#define TKSIM_RPC_SHM_ALLOC	6	/* v0 INOUT: a = 0, b = size, c = cookie */
#define TKSIM_RPC_SHM_FREE	7	/* v0 IN: a = 0, b = cookie */
#define TKSIM_RPC_GPROF		9
#define TKSIM_RPC_SOCKET	10	/* v0 IN: a = TKSIM_SOCKET_*, b = instance */
#define TKSIM_RPC_FTRACE	11
#define TKSIM_RPC_SUPP_PLUGIN	12

/*
 * Sub-commands of TKSIM_RPC_SOCKET (OP-TEE's socket RPC, layouts in
 * docs/supplicant.md). The driver writes the sending instance's id into
 * v0.b, whatever the TA put there, and sends CLOSE_ALL for an instance
 * that used sockets when it dies.
 */
#define TKSIM_SOCKET_OPEN	0
#define TKSIM_SOCKET_CLOSE	1
#define TKSIM_SOCKET_CLOSE_ALL	2
#define TKSIM_SOCKET_SEND	3
#define TKSIM_SOCKET_RECV	4
#define TKSIM_SOCKET_IOCTL	5

/*
 * TA-to-TA (ABI 2), served by the driver on behalf of the instance channel
 * that sends them (the OS channel gets TEEC_ERROR_BAD_PARAMETERS).  The
 * driver runs them as client calls with login TEE_LOGIN_TRUSTED_APP and the
 * instance's TA UUID as client identity.  Memrefs name views this channel
 * knows (in practice its SHM_ALLOC memory: the runtime copies the TA's
 * buffers there); the callee gets views of the same objects.  Results:
 * @ret and @ret_origin of the message are the callee's (or the driver's);
 * values and memref sizes are written back as for any RPC.
 *   TA_OPEN:	@uuid = the TA to open; @params; out: @session
 *   TA_INVOKE:	@session, @func; @params
 *   TA_CLOSE:	@session; no params
 * A session belongs to the instance that opened it: other instances and
 * clients cannot name it (TEEC_ERROR_BAD_PARAMETERS), and the driver
 * closes it when that instance dies.  Calls nest at most
 * TKSIM_TA_MAX_DEPTH deep (TEEC_ERROR_BUSY beyond).
 */
/*
 * struct tksim_msg.flags of a TA_OPEN or TA_INVOKE RPC (ABI 3; every other
 * RPC must send 0):
 *   TKSIM_RPC_F_TIMEOUT: @cancel_id holds the caller's
 *	cancellationRequestTimeout in ms; when it elapses the driver cancels
 *	the nested call (0xffffffff: never).
 *   TKSIM_RPC_F_CANCEL_UNMASKED: the caller's cancellation is unmasked, so
 *	a cancel of the call it serves (a client's TEEC_RequestCancellation,
 *	or its own caller's propagated cancel) reaches the nested call, also
 *	one that already started.  Without it the nested call runs on.
 */
#define TKSIM_RPC_F_TIMEOUT		0x1
#define TKSIM_RPC_F_CANCEL_UNMASKED	0x2
#define TKSIM_RPC_F_TA_MASK	(TKSIM_RPC_F_TIMEOUT | TKSIM_RPC_F_CANCEL_UNMASKED)

#define TKSIM_RPC_TA_OPEN	0x5401
#define TKSIM_RPC_TA_INVOKE	0x5402
#define TKSIM_RPC_TA_CLOSE	0x5403
#define TKSIM_TA_MAX_DEPTH	4
#define TKSIM_LOGIN_TRUSTED_APP	0xf0000000

/* struct tksim_msg.cmd of a notice (kind TKSIM_KIND_NOTICE) */
/*
 * SHM_GONE: @params[0].c = the object's read-write cookie; both of its
 * views (c and c | TKSIM_COOKIE_RO), whichever were mapped, are gone
 */
#define TKSIM_NOTE_SHM_GONE	1
#define TKSIM_NOTE_INSTANCE_DEAD 2	/* OS channel: @instance ended */

/* struct tksim_msg.func of an OPEN_SESSION from a kernel client */
#define TKSIM_UID_KERNEL	0xffffffffu

/* struct tksim_msg.flags */
#define TKSIM_MSG_F_CANCELLED	0x1	/* [out] cancel requested before delivery */
#define TKSIM_MSG_F_KERNEL	0x2	/* [out] the client is kernel code */

/**
 * struct tksim_msg - the message of a call, an answer, an RPC or a notice
 * (200 bytes)
 * @cmd:	[out] TKSIM_CMD_* of a request, TKSIM_NOTE_* of a notice;
 *		[in] TKSIM_RPC_* of an RPC
 * @func:	[out] INVOKE: the TA's command id.  OPEN_SESSION (ABI 4): the
 *		uid, in the initial user namespace, of the process whose
 *		call asks (for a TA-to-TA open: of the client whose call
 *		runs it); TKSIM_UID_KERNEL for a kernel client.  The
 *		emulator counts instances per user with it.
 * @session:	[out] the session.  OPEN_SESSION: the id the session gets if
 *		it opens (chosen by the driver, unique, never 0)
 * @cancel_id:	[out] the client's cancel id (informational); [in] TA_OPEN/
 *		TA_INVOKE RPC with TKSIM_RPC_F_TIMEOUT: the timeout in ms
 * @ret:	[in] answer: TEEC result; [out] RPC result: TEEC result
 * @ret_origin:	[in] answer: TEEC_ORIGIN_* (2 COMMS, 3 TEE, 4 TRUSTED_APP)
 * @num_params:	[in/out] number of @params used (<= TKSIM_MAX_PARAMS)
 * @flags:	[out] TKSIM_MSG_F_*; [in] TKSIM_RPC_F_* on a TA_OPEN/TA_INVOKE
 *		RPC, else 0
 * @clnt_login:	[out] OPEN_SESSION: TEE_IOCTL_LOGIN_* of the client
 * @instance:	[in] TKSIM_OP_FORWARD: instance that must run the call;
 *		[out] the instance id of the receiving channel (0 on the OS
 *		channel), or of the dead instance in INSTANCE_DEAD
 * @uuid:	[out] OPEN_SESSION: TA UUID, RFC 4122 byte order
 * @clnt_uuid:	[out] OPEN_SESSION: client identity computed by the kernel
 *		from @clnt_login (the GP login UUID)
 * @params:	[in/out] parameters, see struct tksim_param
 */
struct tksim_msg {
	__u32 cmd;
	__u32 func;
	__u32 session;
	__u32 cancel_id;
	__u32 ret;
	__u32 ret_origin;
	__u32 num_params;
	__u32 flags;
	__u32 clnt_login;
	__u32 instance;
	__u8 uuid[16];
	__u8 clnt_uuid[16];
	struct tksim_param params[TKSIM_MAX_PARAMS];
};

/* struct tksim_xfer.op: what the caller sends first */
#define TKSIM_OP_NONE		0	/* nothing, only receive */
#define TKSIM_OP_RETURN		1	/* final answer to @call_id */
/* OS channel: OPEN_SESSION @call_id must run in msg.instance */
#define TKSIM_OP_FORWARD	2
/* @call_id needs the normal world: msg = the RPC; returns its result */
#define TKSIM_OP_RPC		3

/* struct tksim_xfer.flags */
#define TKSIM_XFER_NO_RECV	0x1	/* send only, return at once */
#define TKSIM_XFER_NONBLOCK	0x2	/* receive: EAGAIN if nothing queued */

/* struct tksim_xfer.kind: what was received */
#define TKSIM_KIND_NONE		0	/* nothing (TKSIM_XFER_NO_RECV) */
#define TKSIM_KIND_CALL		1	/* a request: answer it */
#define TKSIM_KIND_RPC_RESULT	2	/* the result of this thread's RPC */
#define TKSIM_KIND_NOTICE	3	/* no answer expected */

/**
 * struct tksim_xfer - argument of TKSIM_IOC_XFER (232 bytes)
 * @op:		[in] TKSIM_OP_*.  Once the send part succeeded the driver
 *		writes TKSIM_OP_NONE back here, so a receive restarted
 *		after a signal never sends twice.
 * @flags:	[in] TKSIM_XFER_*
 * @call_id:	[in] the call @op answers (as received);
 *		[out] the call received (KIND_CALL, KIND_RPC_RESULT)
 * @kind:	[out] TKSIM_KIND_*
 * @slot:	[out] KIND_CALL: index of the call's cancel flag in the
 *		status page; valid until the call is answered or forwarded
 * @reserved:	[in] must be 0
 * @msg:	[in] the answer, forward or RPC; [out] the request, RPC result
 *		or notice
 *
 * An RPC is synchronous: TKSIM_OP_RPC blocks until the driver served it and
 * returns kind TKSIM_KIND_RPC_RESULT for the same @call_id (the flag
 * TKSIM_XFER_NO_RECV is not allowed with it).
 */
struct tksim_xfer {
	__u32 op;
	__u32 flags;
	__u64 call_id;
	__u32 kind;
	__u32 slot;
	__u64 reserved;
	struct tksim_msg msg;
};

/**
 * struct tksim_version - argument of TKSIM_IOC_VERSION (16 bytes)
 * @abi_version: [out] TKSIM_ABI_VERSION
 * @max_params:	[out] TKSIM_MAX_PARAMS
 * @max_slots:	[out] TKSIM_MAX_SLOTS
 * @page_size:	[out] the unit of struct tksim_param.map_pages
 */
struct tksim_version {
	__u32 abi_version;
	__u32 max_params;
	__u32 max_slots;
	__u32 page_size;
};

/* struct tksim_attach.flags (ATTACH_OS) */
#define TKSIM_OS_CAP_CANCEL	0x1	/* the OS honours cancellation */
/*
 * the OS serves the device-enumeration pseudo TA: the driver opens a
 * kernel session of it once attached (TEE bus, docs/tee-bus.md)
 */
#define TKSIM_OS_CAP_DEVENUM	0x2

/**
 * struct tksim_attach - argument of TKSIM_IOC_ATTACH_OS and
 * TKSIM_IOC_ATTACH_INSTANCE (32 bytes)
 * @instance:	[in] ATTACH_INSTANCE: the instance id; ATTACH_OS: 0
 * @flags:	[in] ATTACH_OS: TKSIM_OS_CAP_*; ATTACH_INSTANCE: 0
 * @os_major:	[in] ATTACH_OS: trusted OS revision, reported to the
 *		driver's fast call GET_REVISION (sysfs, debugfs)
 * @os_minor:	[in] ATTACH_OS: ditto
 * @reserved:	[in] must be 0
 */
struct tksim_attach {
	__u32 instance;
	__u32 flags;
	__u32 os_major;
	__u32 os_minor;
	__u32 reserved[4];
};

/**
 * struct tksim_instance - argument of TKSIM_IOC_INSTANCE_NEW and
 * TKSIM_IOC_INSTANCE_DEL (32 bytes)
 * @instance:	[out] NEW: the new instance id (>= 1); [in] DEL: the id
 * @flags:	[in] must be 0
 * @uuid:	[in] NEW: the TA's UUID (shown in debugfs); DEL: ignored
 * @reserved:	[in] must be 0
 */
struct tksim_instance {
	__u32 instance;
	__u32 flags;
	__u8 uuid[16];
	__u64 reserved;
};

#define TKSIM_IOC_MAGIC		0xa4
#define TKSIM_IOC_BASE		0x60	/* unused by tee.h and teekit.h */

/* Any file: the ABI version */
#define TKSIM_IOC_VERSION	_IOR(TKSIM_IOC_MAGIC, TKSIM_IOC_BASE + 0, \
				     struct tksim_version)
/* Fresh file: become the OS channel (EBUSY if one is attached) */
#define TKSIM_IOC_ATTACH_OS	_IOW(TKSIM_IOC_MAGIC, TKSIM_IOC_BASE + 1, \
				     struct tksim_attach)
/* OS channel: create a TA instance, not attached yet */
#define TKSIM_IOC_INSTANCE_NEW	_IOWR(TKSIM_IOC_MAGIC, TKSIM_IOC_BASE + 2, \
				      struct tksim_instance)
/* OS channel: end an instance (its calls and sessions become dead) */
#define TKSIM_IOC_INSTANCE_DEL	_IOW(TKSIM_IOC_MAGIC, TKSIM_IOC_BASE + 3, \
				     struct tksim_instance)
/* Fresh file: become the channel of an instance (EBUSY if it has one) */
#define TKSIM_IOC_ATTACH_INSTANCE _IOW(TKSIM_IOC_MAGIC, TKSIM_IOC_BASE + 4, \
				       struct tksim_attach)
/* Attached file: send an answer/forward/RPC and receive the next message */
#define TKSIM_IOC_XFER		_IOWR(TKSIM_IOC_MAGIC, TKSIM_IOC_BASE + 5, \
				      struct tksim_xfer)

#endif /* _UAPI_TEEKIT_LINUX_TEEKIT_SIM_H */
