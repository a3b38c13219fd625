# SPDX-License-Identifier: GPL-2.0-only
# The TA host harness, libteekit-tatest (sdk/tatest, docs/ta-sdk.md "Testing
# a TA on the host"): the harness sources plus the TA runtime of
# teekit-tahost (secure-world/tahost) minus its channel loop (main.c) and
# sandbox, built position-independent into $(B)/tatest/libteekit-tatest.so.1.
# sdk/build.mk installs it with the SDK (install-ta-sdk).

TATEST_DIR := $(B)/tatest
TATEST_REAL := $(TATEST_DIR)/libteekit-tatest.so.1.0.0
TATEST_SO := $(TATEST_DIR)/libteekit-tatest.so
TATEST_RT_SRCS := $(addprefix secure-world/tahost/,runtime.c props.c tatime.c \
	trace.c tasession.c plugin.c devid.c gp11.c memrights.c \
	crypto_obj.c crypto_op.c crypto_asym.c crypto_gp11.c arith.c \
	storage.c storage_key.c storage_rpc.c storage_conf.c)
TATEST_SRCS := $(wildcard sdk/tatest/*.c)
TATEST_OBJS := $(patsubst %.c,$(TATEST_DIR)/%.o,$(TATEST_RT_SRCS) $(TATEST_SRCS))
TATEST_CFLAGS := -fPIC -DTEEKIT_TA_HOST -Isdk/include -Isecure-world/tahost -Isdk/tatest

$(TATEST_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(TATEST_CFLAGS) -c -o $@ $<

$(TATEST_REAL): $(TATEST_OBJS) sdk/tatest/tatest.map
	$(CC) -shared -Wl,-soname,libteekit-tatest.so.1 \
		-Wl,--version-script=sdk/tatest/tatest.map -Wl,-z,defs \
		-o $@ $(TATEST_OBJS) -ldl -lpthread -lcrypto

$(TATEST_SO): $(TATEST_REAL)
	ln -sf libteekit-tatest.so.1.0.0 $(TATEST_DIR)/libteekit-tatest.so.1
	ln -sf libteekit-tatest.so.1 $@

USER_EXTRA += $(TATEST_SO)

# installed and staged with the SDK (sdk/build.mk's sdk_install)
$(B)/sdk-root/.stamp: $(TATEST_SO)
install-ta-sdk: $(TATEST_SO)
