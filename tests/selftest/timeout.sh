#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Harness self-test: never ends; the harness must stop it and fail it.
sleep 100000
