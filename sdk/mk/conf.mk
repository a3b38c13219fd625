# SPDX-License-Identifier: BSD-2-Clause
#
# conf.mk - the dev kit's configuration, as OP-TEE's export-ta_<arch>/mk/
# conf.mk records it for TA Makefiles and sub.mk files that test CFG_
# values (teekit TA SDK; docs/optee-compat.md lists each one).

# the "submodule" OP-TEE builds for (ta_arm64, ta_arm32 there)
sm := ta_teekit
sm-ta_teekit := y

# settable by the TA (its Makefile or the make command line)
CFG_TEE_TA_LOG_LEVEL ?= 2
CFG_TA_OPTEE_CORE_API_COMPAT_1_1 ?= n

# facts of this TEE: TAs run as native processes on the host's C library
CFG_TA_FLOAT_SUPPORT := y
CFG_TA_MBEDTLS := n
CFG_TA_MBEDTLS_SELF_TEST := n
CFG_ULIBS_SHARED := n
CFG_SYSTEM_PTA := n
CFG_TA_GPROF_SUPPORT := n
CFG_FTRACE_SUPPORT := n
CFG_UNWIND := n
CFG_TA_BTI := n
CFG_TA_PAUTH := n
CFG_TA_MEMTAG := n
CFG_CORE_TPM_EVENT_LOG := n
CFG_TEE_TA_MALLOC_DEBUG := n
CFG_TEE_BENCHMARK := n
CFG_TA_MCOUNT := n
# shared TA libraries: mk/ta_shlib.mk (not part of this dev kit yet)
CFG_TA_DYNLINK ?= n

# the dev kit identifies itself (OP-TEE TA Makefiles do not test these)
TEEKIT_DEV_KIT := y
