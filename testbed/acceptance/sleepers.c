// SPDX-License-Identifier: GPL-2.0
/* Starts N threads that sleep until killed: load for the stack check and the rebuild. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000;
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (int i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, &attr, sleeper, NULL)) {
			fprintf(stderr, "sleepers: only %d threads\n", i);
			return 1;
		}
	}
	printf("sleepers: %d threads\n", n);
	fflush(stdout);
	for (;;)
		pause();
}
