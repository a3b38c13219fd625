/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sim_env.h - finding (or loading) the sim driver's device pair for the
 * programs of tests/sim.  Header-only: each C file there is a program.
 */
#ifndef TEEKIT_TESTS_SIM_ENV_H
#define TEEKIT_TESTS_SIM_ENV_H

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "teetest.h"
#include "fake_tos.h"

#define SIM_MODULE	"teekit_sim"

/* Find the sim pair (impl_id 1); fills the client and priv node paths */
static inline int sim_find(char *clnt, char *priv)
{
	struct tee_ioctl_version_data v;
	char path[32];
	int i, fd, found = 0;

	for (i = 0; i < 16 && !found; i++) {
		snprintf(path, sizeof(path), "/dev/tee%d", i);
		fd = open(path, O_RDWR);
		if (fd < 0)
			continue;
		if (!ioctl(fd, TEE_IOC_VERSION, &v) && v.impl_id == 1) {
			strcpy(clnt, path);
			sprintf(priv, "/dev/teepriv%d", i);
			found = 1;
		}
		close(fd);
	}
	return found ? 0 : -1;
}

static inline int sim_setup(char *clnt, char *priv)
{
	int i;

	if (!sim_find(clnt, priv))
		return 0;
	tt_modprobe(SIM_MODULE, NULL);
	for (i = 0; i < 300; i++) {
		if (!sim_find(clnt, priv) && !access(TKSIM_DEVICE, F_OK) &&
		    !access(priv, F_OK))
			return 0;
		tt_msleep(10);
	}
	return -1;
}

static inline int64_t open_ta(int fd, const char *uuid, struct tt_res *res)
{
	if (tt_open_session(fd, uuid, TEE_IOCTL_LOGIN_PUBLIC, NULL, 0, NULL,
			    0, res))
		return -1;
	return res->ret ? -2 : (int64_t)res->session;
}

/*
 * The fake emulator of fake_tos.h in this process: an OS channel whose
 * loop forwards every open to one instance, and two threads serving that
 * instance's channel.
 */
struct sim_fake {
	struct fk_os os;
	int osfd, ifd;
	pthread_t ost, it[2];
	bool threads;
};

/* Returns 0, or -1 with errno (what was started, sim_fake_stop() ends) */
static inline int sim_fake_start(struct sim_fake *f)
{
	int i;

	f->osfd = fk_open();
	if (f->osfd < 0 || fk_attach_os(f->osfd) ||
	    fk_new_instance(f->osfd, &f->os.inst))
		return -1;
	f->ifd = fk_open();
	if (f->ifd < 0 || fk_attach_instance(f->ifd, f->os.inst))
		return -1;
	f->os.fd = f->osfd;
	tt_uuid_parse(FK_UUID_NONE, f->os.none_uuid);
	pthread_create(&f->ost, NULL, fk_os_loop, &f->os);
	for (i = 0; i < 2; i++)
		pthread_create(&f->it[i], NULL, fk_serve_thread, &f->ifd);
	f->threads = true;
	return 0;
}

static inline void sim_fake_stop(struct sim_fake *f)
{
	/* closing kills the channels: the loops end with ENODEV */
	if (f->ifd >= 0)
		close(f->ifd);
	if (f->osfd >= 0)
		close(f->osfd);
	if (f->threads) {
		pthread_join(f->ost, NULL);
		pthread_join(f->it[0], NULL);
		pthread_join(f->it[1], NULL);
	}
	f->ifd = f->osfd = -1;
	f->threads = false;
}

#endif /* TEEKIT_TESTS_SIM_ENV_H */
