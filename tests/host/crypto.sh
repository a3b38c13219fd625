#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The GP cryptographic API of the TA runtime on the host (issue 13): the
# crypto test program (tests/ta-runtime/crypto.c built with CRYPTO_HOST)
# drives the crypto test TA's GP 1.3 and GP 1.1 builds through
# libteekit-tatest, with every vector and interop check (the VM runs the
# same program through libteec: tests/check ta-runtime/crypto). TAP output.

top=$(cd "$(dirname "$0")/../.." && pwd)
prog=$top/build/tests/host/crypto-host
tadir=$top/build/ta-runtime
if [ ! -x "$prog" ] || [ ! -f "$tadir/7a000000-0000-4000-8000-000000000010.so" ]; then
	echo "1..0 # SKIP $prog or the crypto test TA is not built: run 'make'"
	exit 0
fi
CRYPTO_TA_DIR=$tadir exec "$prog"
