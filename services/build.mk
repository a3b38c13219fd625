# SPDX-License-Identifier: GPL-2.0-only
# Service daemons (docs/services.md): libteeservice (BSD-2-Clause, static,
# for daemons of any licence) and the example daemon teekit-svc-echo.

TEES_LIB := $(B)/services/libteeservice.a
TEES_CFLAGS := -Iservices/lib

USER_SBINS += $(B)/services/teekit-svc-echo

$(B)/services/lib/teeservice.o: services/lib/teeservice.c services/lib/teeservice.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(TEES_CFLAGS) -c -o $@ $<

$(TEES_LIB): $(B)/services/lib/teeservice.o
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(B)/services/teekit-svc-echo: services/echo/teekit-svc-echo.c $(TEES_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(TEES_CFLAGS) -o $@ $< $(TEES_LIB) -lpthread
