#include "cli/interrupt.h"

#include <csignal>

namespace logrx::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

}  // namespace

std::atomic<bool>* CatchInterrupt() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sa.sa_flags = static_cast<int>(SA_RESETHAND);  // a second Ctrl-C kills at once
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  return &g_interrupted;
}

}  // namespace logrx::cli
