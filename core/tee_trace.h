/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * teekit core tracepoints: one event per round trip, with its duration.
 * Enable with: echo 1 > /sys/kernel/tracing/events/teekit/enable
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM teekit

#if !defined(TEEKIT_TEE_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define TEEKIT_TEE_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(tee_open_session,
	TP_PROTO(int dev, u32 session, int rc, u32 ret, u64 ns),
	TP_ARGS(dev, session, rc, ret, ns),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, session)
		__field(int, rc)
		__field(u32, ret)
		__field(u64, ns)
	),
	TP_fast_assign(
		__entry->dev = dev;
		__entry->session = session;
		__entry->rc = rc;
		__entry->ret = ret;
		__entry->ns = ns;
	),
	TP_printk("dev=%d session=%u rc=%d ret=0x%x ns=%llu",
		  __entry->dev, __entry->session, __entry->rc, __entry->ret,
		  __entry->ns)
);

TRACE_EVENT(tee_invoke,
	TP_PROTO(int dev, u32 session, u32 func, int rc, u32 ret, u64 ns),
	TP_ARGS(dev, session, func, rc, ret, ns),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, session)
		__field(u32, func)
		__field(int, rc)
		__field(u32, ret)
		__field(u64, ns)
	),
	TP_fast_assign(
		__entry->dev = dev;
		__entry->session = session;
		__entry->func = func;
		__entry->rc = rc;
		__entry->ret = ret;
		__entry->ns = ns;
	),
	TP_printk("dev=%d session=%u func=%u rc=%d ret=0x%x ns=%llu",
		  __entry->dev, __entry->session, __entry->func, __entry->rc,
		  __entry->ret, __entry->ns)
);

TRACE_EVENT(tee_cancel,
	TP_PROTO(int dev, u32 session, u32 cancel_id, int rc, u64 ns),
	TP_ARGS(dev, session, cancel_id, rc, ns),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, session)
		__field(u32, cancel_id)
		__field(int, rc)
		__field(u64, ns)
	),
	TP_fast_assign(
		__entry->dev = dev;
		__entry->session = session;
		__entry->cancel_id = cancel_id;
		__entry->rc = rc;
		__entry->ns = ns;
	),
	TP_printk("dev=%d session=%u cancel_id=%u rc=%d ns=%llu",
		  __entry->dev, __entry->session, __entry->cancel_id,
		  __entry->rc, __entry->ns)
);

TRACE_EVENT(tee_close_session,
	TP_PROTO(int dev, u32 session, int rc, u64 ns),
	TP_ARGS(dev, session, rc, ns),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, session)
		__field(int, rc)
		__field(u64, ns)
	),
	TP_fast_assign(
		__entry->dev = dev;
		__entry->session = session;
		__entry->rc = rc;
		__entry->ns = ns;
	),
	TP_printk("dev=%d session=%u rc=%d ns=%llu",
		  __entry->dev, __entry->session, __entry->rc, __entry->ns)
);

TRACE_EVENT(tee_supp_req,
	TP_PROTO(int dev, u32 func, u32 id, u32 ret, u64 ns),
	TP_ARGS(dev, func, id, ret, ns),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, func)
		__field(u32, id)
		__field(u32, ret)
		__field(u64, ns)
	),
	TP_fast_assign(
		__entry->dev = dev;
		__entry->func = func;
		__entry->id = id;
		__entry->ret = ret;
		__entry->ns = ns;
	),
	TP_printk("dev=%d func=%u id=%u ret=0x%x ns=%llu",
		  __entry->dev, __entry->func, __entry->id, __entry->ret,
		  __entry->ns)
);

#endif /* TEEKIT_TEE_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE tee_trace
#include <trace/define_trace.h>
