// SPDX-License-Identifier: GPL-2.0
/*
 * schedtool: load generators for the scheduler module's guest tests
 * (static binary, busybox guest).
 *
 *   schedtool threads N [SLEEP_US]  start N threads that sleep: blocked for
 *                                   good (SLEEP_US 0, the default) or waking
 *                                   every SLEEP_US microseconds; prints
 *                                   "ready N" and runs until killed
 *   schedtool pingpong FILE         two processes bouncing a byte through
 *                                   two pipes (a context switch per hop);
 *                                   every 1000 round trips the parent writes
 *                                   the total to FILE
 *   schedtool rtspin PRIO SECONDS   a SCHED_FIFO task at PRIO that spins for
 *                                   SECONDS, sleeping 1 ms every 10 ms
 *   schedtool threadcount           threads in the system (/proc/loadavg)
 *   schedtool userthreads           threads of user processes: kernel threads
 *                                   (PF_KTHREAD) left out, since the kernel starts
 *                                   and ends worker threads as it likes
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long sleep_us;

static void *sleeper(void *arg)
{
	for (;;) {
		if (sleep_us)
			usleep(sleep_us);
		else
			pause();
	}
	return NULL;
}

static int threads(long n)
{
	pthread_attr_t attr;
	pthread_t t;
	long i;

	pthread_attr_init(&attr);
	/* small stacks: thousands of threads in a small guest */
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < n; i++) {
		int err = pthread_create(&t, &attr, sleeper, NULL);

		if (err) {
			fprintf(stderr, "schedtool: thread %ld: %s\n", i, strerror(err));
			return 1;
		}
	}
	printf("ready %ld\n", n);
	fflush(stdout);
	for (;;)
		pause();
}

static int pingpong(const char *file)
{
	int ab[2], ba[2];
	unsigned long rounds = 0;
	char c = 0;

	if (pipe(ab) || pipe(ba)) {
		perror("schedtool: pipe");
		return 1;
	}
	if (fork() == 0) {
		for (;;) {
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(0);
		}
	}
	for (;;) {
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			return 1;
		if (++rounds % 1000 == 0) {
			FILE *f = fopen(file, "w");

			if (f) {
				fprintf(f, "%lu\n", rounds);
				fclose(f);
			}
		}
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int rtspin(int prio, long seconds)
{
	struct sched_param sp = { .sched_priority = prio };
	long end = now_ms() + seconds * 1000, next = 0;

	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		perror("schedtool: sched_setscheduler");
		return 1;
	}
	while (now_ms() < end) {
		if (now_ms() >= next) {
			usleep(1000);
			next = now_ms() + 10;
		}
	}
	return 0;
}

static int threadcount(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double a, b, c;
	int running, total;

	if (!f || fscanf(f, "%lf %lf %lf %d/%d", &a, &b, &c, &running, &total) != 5) {
		perror("schedtool: /proc/loadavg");
		return 1;
	}
	printf("%d\n", total);
	return 0;
}

#define PF_KTHREAD 0x00200000

static int userthreads(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	long total = 0;

	if (!d) {
		perror("schedtool: /proc");
		return 1;
	}
	while ((e = readdir(d))) {
		char path[300], buf[4096], *p;
		unsigned long flags = 0;
		long threads = 0;
		FILE *f;
		int field;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;	/* gone meanwhile */
		if (!fgets(buf, sizeof(buf), f)) {
			fclose(f);
			continue;
		}
		fclose(f);
		/* fields after the ")" that ends comm: state is field 3, flags field 9 */
		p = strrchr(buf, ')');
		if (!p)
			continue;
		for (field = 2; field < 9 && p; field++)
			p = strchr(p + 1, ' ');
		if (!p || sscanf(p + 1, "%lu", &flags) != 1 || (flags & PF_KTHREAD))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(buf, sizeof(buf), f))
			if (sscanf(buf, "Threads: %ld", &threads) == 1)
				break;
		fclose(f);
		total += threads;
	}
	closedir(d);
	printf("%ld\n", total);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "threads")) {
		sleep_us = argc > 3 ? atol(argv[3]) : 0;
		return threads(atol(argv[2]));
	}
	if (argc == 3 && !strcmp(argv[1], "pingpong"))
		return pingpong(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "rtspin"))
		return rtspin(atoi(argv[2]), atol(argv[3]));
	if (argc == 2 && !strcmp(argv[1], "threadcount"))
		return threadcount();
	if (argc == 2 && !strcmp(argv[1], "userthreads"))
		return userthreads();
	fprintf(stderr, "usage: schedtool threads N [SLEEP_US] | pingpong FILE | rtspin PRIO SECONDS | threadcount | userthreads\n");
	return 2;
}
