/* Core-to-core round trip: how long one cache line takes to go from CPU A to CPU B and back
 * (two threads pinned to A and B flip a flag 200,000 times). bench/run prints it beside the
 * --jobs 2 results: decoding ahead hands every decoded chunk from one core to another, so a
 * VM whose vCPUs sit far apart (hundreds of ns) gains less from a second job.
 *
 *   cc -O2 -pthread -o core_latency bench/core_latency.c && ./core_latency 0 1
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { kRounds = 200000 };
static _Atomic int flag __attribute__((aligned(64)));

static int pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void* answer(void* arg) {
  if (pin(*(int*)arg) != 0) exit(2);
  for (int i = 0; i < kRounds; i++) {
    while (atomic_load_explicit(&flag, memory_order_acquire) != 1) {
    }
    atomic_store_explicit(&flag, 0, memory_order_release);
  }
  return NULL;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: core_latency CPU_A CPU_B\n");
    return 2;
  }
  int a = atoi(argv[1]), b = atoi(argv[2]);
  if (pin(a) != 0) return 2;
  pthread_t t;
  if (pthread_create(&t, NULL, answer, &b) != 0) return 2;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < kRounds; i++) {
    atomic_store_explicit(&flag, 1, memory_order_release);
    while (atomic_load_explicit(&flag, memory_order_acquire) != 0) {
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  pthread_join(t, NULL);
  double ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
  printf("%.0f\n", ns / kRounds);
  return 0;
}
