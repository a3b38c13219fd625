# SPDX-License-Identifier: GPL-2.0-only
# tests/bus: the TEE bus and teekit_rng (docs/tee-bus.md); the hostile
# emulator reuses the sim suite's fake OS.
TEST_CFLAGS_bus := -Itests/sim
