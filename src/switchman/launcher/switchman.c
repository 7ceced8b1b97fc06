/*
 * switchman's launcher: /usr/bin/switchman in Debian's package.
 *
 * Why a native program: node 18 and 20 give SIGUSR1 to their inspector until the script's first
 * statement runs (node 22.14+ has --disable-sigusr1; Debian 12 has node 18). A drain sent then
 * (`pkill -USR1 -f switchman` while cron starts jobs) would be lost. This launcher blocks the
 * stop signals from its first instruction, starts node on switchman's bundle, and passes on
 * what it held once the bundle says its listeners are in place: one byte on the pipe whose
 * descriptor SWITCHMAN_READY_FD names (src/switchman/prologue.cjs writes it). After that it
 * passes each stop signal on as it comes.
 *
 * It stays the process cron started and ends as node ends: the same exit code, or the same
 * signal. Should the launcher itself die, node gets SIGTERM (PR_SET_PDEATHSIG) and stops its job
 * as for any SIGTERM, so a job never outlives the process cron waits for.
 *
 * Start slots (the :00 herd): cron starts every job of a minute in the same second, and on a small
 * box hundreds of node processes loading at once starve each other, the runs that hold a lock
 * included. Before it starts node, the launcher takes one of the box's start slots (2 per CPU:
 * flock on SWITCHMAN_SLOTS_DIR/start-slot-N, held by the launcher alone). A run holds it while
 * node starts, loads and asks ZooKeeper whether it may run; the bundle then writes "d" on the
 * same pipe (src/switchman/start-slot.ts), and the slot goes to the next run. Runs that wait
 * queue, asleep, on one more lock (start-queue): no CPU and almost no memory; a stop signal
 * meanwhile ends one without running anything. Never a deadlock: a slot is given back when node
 * ends or after SLOT_HOLD_MS, and a run that waited SLOT_WAIT_MS for one starts without it (and
 * says so: cron mails it). Where the folder cannot be made (not root), runs start at once.
 *
 * SWITCHMAN_NODE, SWITCHMAN_SCRIPT and SWITCHMAN_SLOTS_DIR are fixed when it is compiled
 * (debian/rules), never read from the environment: it runs as root from cron.d lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SWITCHMAN_NODE
#define SWITCHMAN_NODE "/usr/bin/node"
#endif
#ifndef SWITCHMAN_SCRIPT
#define SWITCHMAN_SCRIPT "/usr/share/switchman/switchman.cjs"
#endif
#ifndef SWITCHMAN_SLOTS_DIR
#define SWITCHMAN_SLOTS_DIR "/run/switchman"
#endif
/* The longest a run waits for a start slot before it starts anyway: far longer than a herd takes
 * to start (400 runs on 2 CPUs start in about a minute), because runs that stop waiting all start
 * at once, the very stampede the slots prevent. The longest a run holds one, and how often the
 * first run in the queue looks for a free one (on average). */
#ifndef SLOT_WAIT_MS
#define SLOT_WAIT_MS 600000
#endif
#define SLOT_HOLD_MS 30000
#define SLOT_LOOK_MS 10
/* The bundle's own shebang flag: an inspector that could still start (in the fence, or a
 * signal sent to node's pid itself) cannot listen on TEST-NET-1 (RFC 5737). */
#define NODE_FLAG "--inspect-port=192.0.2.1:9229"

/* sysexits.h's EX_SOFTWARE: switchman's own failure (docs/switchman.md, "Exit codes"). */
#define EXIT_OWN_FAILURE 70

static const int stop_signals[] = {SIGUSR1, SIGTERM, SIGINT, SIGHUP};
#define STOP_SIGNAL_COUNT (sizeof stop_signals / sizeof stop_signals[0])

static void fail(const char *what) {
  fprintf(stderr, "switchman: %s: %s\n", what, strerror(errno));
  exit(EXIT_OWN_FAILURE);
}

/* In the child: become node on the bundle, with the signal mask the launcher was given. */
static void exec_node(int argc, char **argv, int ready_fd, pid_t launcher, const sigset_t *mask) {
  /* A launcher that dies (even by SIGKILL) sends node SIGTERM; if it died already, stop here. */
  if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != launcher) _exit(EXIT_OWN_FAILURE);
  /* The write end must survive exec; the bundle closes it before it starts anything. */
  if (fcntl(ready_fd, F_SETFD, 0) != 0) _exit(EXIT_OWN_FAILURE);
  char fd_text[16];
  snprintf(fd_text, sizeof fd_text, "%d", ready_fd);
  if (setenv("SWITCHMAN_READY_FD", fd_text, 1) != 0) _exit(EXIT_OWN_FAILURE);
  char **args = calloc((size_t)argc + 3, sizeof *args);
  if (args == NULL) _exit(EXIT_OWN_FAILURE);
  args[0] = SWITCHMAN_NODE;
  args[1] = NODE_FLAG;
  args[2] = SWITCHMAN_SCRIPT;
  for (int i = 1; i < argc; i++) args[i + 2] = argv[i];
  args[argc + 2] = NULL;
  sigprocmask(SIG_SETMASK, mask, NULL);
  execv(SWITCHMAN_NODE, args);
  fprintf(stderr, "switchman: cannot start %s: %s\n", SWITCHMAN_NODE, strerror(errno));
  _exit(EXIT_OWN_FAILURE);
}

static long long now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* One pass over the slots, from a random one: a locked descriptor, or -1 (all taken, or none can be made). */
static int try_slots(int dir, int slots, unsigned int *seed) {
  int first = (int)(rand_r(seed) % (unsigned int)slots);
  for (int i = 0; i < slots; i++) {
    char name[32];
    snprintf(name, sizeof name, "start-slot-%d", (first + i) % slots);
    int fd = openat(dir, name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
    close(fd);
  }
  return -1;
}

/* While a run waits for a slot nothing is started yet: a stop signal ends it at once, as
 * switchman would end, 128 + the signal. */
static void end_on_stop(int signal_number) { _exit(128 + signal_number); }

/* SIGALRM only interrupts the wait (EINTR), so that its deadline is looked at. */
static void wake_up(int signal_number) { (void)signal_number; }

static void set_handler(int signal_number, void (*handler)(int)) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler; /* no SA_RESTART: a blocked flock() returns EINTR */
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, NULL);
}

/* One of the box's start slots (a locked file descriptor, close-on-exec), or -1: no slots here,
 * or none came free within SLOT_WAIT_MS. Waiting runs queue on one more lock (start-queue),
 * asleep in the kernel: only the first of the queue looks at the slots, every SLOT_LOOK_MS.
 * So a herd of hundreds waits at no cost, and none of them starts before its turn. */
static int take_start_slot(void) {
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int slots = cpus > 1 ? (int)cpus * 2 : 2;
  if (mkdir(SWITCHMAN_SLOTS_DIR, 0755) != 0 && errno != EEXIST) return -1;
  int dir = open(SWITCHMAN_SLOTS_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (dir < 0) return -1;
  unsigned int seed = (unsigned int)getpid() ^ (unsigned int)now_ms();
  int slot = try_slots(dir, slots, &seed);
  int queue = slot >= 0 ? -1 : openat(dir, "start-queue", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (queue >= 0) {
    long long began = now_ms();
    for (size_t i = 0; i < STOP_SIGNAL_COUNT; i++) set_handler(stop_signals[i], end_on_stop);
    set_handler(SIGALRM, wake_up);
    /* At the deadline, then every second: a flock() that missed the first alarm wakes at the next. */
    struct itimerval deadline = {{1, 0}, {SLOT_WAIT_MS / 1000, (SLOT_WAIT_MS % 1000) * 1000}};
    setitimer(ITIMER_REAL, &deadline, NULL);
    sigset_t stops, held;
    sigemptyset(&stops);
    for (size_t i = 0; i < STOP_SIGNAL_COUNT; i++) sigaddset(&stops, stop_signals[i]);
    sigaddset(&stops, SIGALRM);
    /* A stop already pending ends the run here. */
    sigprocmask(SIG_UNBLOCK, &stops, &held);
    int first_in_queue = 0, timed_out = 0;
    while (slot < 0 && !(timed_out = now_ms() - began > SLOT_WAIT_MS)) {
      if (!first_in_queue) {
        if (flock(queue, LOCK_EX) == 0) first_in_queue = 1;
        else if (errno != EINTR) break; /* cannot queue: start without a slot, as where there are none */
        continue;
      }
      slot = try_slots(dir, slots, &seed);
      struct timespec pause = {0, (SLOT_LOOK_MS / 2 + (long)(rand_r(&seed) % SLOT_LOOK_MS)) * 1000000L};
      if (slot < 0) nanosleep(&pause, NULL);
    }
    /* From here on, stop signals are held for node again (signalfd). */
    sigprocmask(SIG_SETMASK, &held, NULL);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    for (size_t i = 0; i < STOP_SIGNAL_COUNT; i++) set_handler(stop_signals[i], SIG_DFL);
    set_handler(SIGALRM, SIG_DFL);
    close(queue); /* the next in the queue looks now */
    if (timed_out) fprintf(stderr, "switchman: no start slot came free in %.0f s (is this box overloaded?); starting without one\n", SLOT_WAIT_MS / 1000.0);
  }
  close(dir);
  return slot;
}

/* Whether node still has `signal_number` pending (ShdPnd of /proc/PID/status, a hex mask). */
static int still_pending(pid_t pid, int signal_number) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *status = fopen(path, "re");
  if (status == NULL) return 0;
  unsigned long long mask = 0;
  while (fgets(line, sizeof line, status) != NULL) {
    if (sscanf(line, "ShdPnd: %llx", &mask) == 1) break;
  }
  fclose(status);
  return (mask >> (signal_number - 1)) & 1;
}

/* Pass on the held signals in the order they came. The kernel hands a process its pending
 * signals lowest number first, so each is sent once the one before it was taken (at most
 * about a second each: node takes a signal within microseconds once it listens). */
static void pass_on_in_order(pid_t node, const int *held, size_t count) {
  for (size_t i = 0; i < count; i++) {
    if (kill(node, held[i]) != 0) return;
    for (int waited = 0; i + 1 < count && waited < 1000 && still_pending(node, held[i]); waited++) {
      struct timespec millisecond = {0, 1000000};
      nanosleep(&millisecond, NULL);
    }
  }
}

/* End as node ended: its exit code, or death by its signal (without a second core dump). */
static void end_like(int status) {
  if (WIFEXITED(status)) exit(WEXITSTATUS(status));
  int signal_number = WTERMSIG(status);
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  signal(signal_number, SIG_DFL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signal_number);
  sigprocmask(SIG_UNBLOCK, &only, NULL);
  raise(signal_number);
  exit(128 + signal_number); /* a signal whose default action does not end a process */
}

int main(int argc, char **argv) {
  sigset_t held, given;
  sigemptyset(&held);
  for (size_t i = 0; i < STOP_SIGNAL_COUNT; i++) sigaddset(&held, stop_signals[i]);
  sigaddset(&held, SIGCHLD);
  if (sigprocmask(SIG_BLOCK, &held, &given) != 0) fail("cannot block signals");

  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) fail("cannot make a pipe");
  int signals = signalfd(-1, &held, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signals < 0) fail("cannot read signals");
  int slot = take_start_slot();
  long long slot_taken = now_ms();
  pid_t launcher = getpid();
  pid_t node = fork();
  if (node < 0) fail("cannot fork");
  if (node == 0) exec_node(argc, argv, ready[1], launcher, &given);
  close(ready[1]);

  int pending[STOP_SIGNAL_COUNT];
  size_t pending_count = 0;
  int is_ready = 0;
  int ready_fd = ready[0];
  for (;;) {
    struct pollfd watched[2] = {{signals, POLLIN, 0}, {ready_fd, POLLIN, 0}};
    int timeout = -1;
    if (slot >= 0) {
      long long left = SLOT_HOLD_MS - (now_ms() - slot_taken);
      timeout = left > 0 ? (int)left : 0;
    }
    int ready_count = poll(watched, ready_fd >= 0 ? 2 : 1, timeout);
    if (ready_count < 0) {
      if (errno == EINTR) continue;
      fail("cannot wait");
    }
    if (ready_count == 0 && slot >= 0) {
      close(slot); /* held too long: the next run gets it */
      slot = -1;
    }
    if (ready_fd >= 0 && watched[1].revents != 0) {
      char byte;
      ssize_t got = read(ready_fd, &byte, 1);
      if (got < 0 && errno == EINTR) continue;
      /* "r": node listens now. "d": it has decided, the start slot goes. End of file: node
       * closed the pipe or ended (then the SIGCHLD that follows ends the launcher). */
      if (got == 1 && byte == 'r' && !is_ready) {
        is_ready = 1;
        pass_on_in_order(node, pending, pending_count);
        pending_count = 0;
      }
      if (got != 1 || byte == 'd') {
        if (slot >= 0) close(slot);
        slot = -1;
        close(ready_fd);
        ready_fd = -1;
      }
    }
    if (watched[0].revents == 0) continue;
    struct signalfd_siginfo info;
    while (read(signals, &info, sizeof info) == (ssize_t)sizeof info) {
      int signal_number = (int)info.ssi_signo;
      if (signal_number == SIGCHLD) {
        int status;
        if (waitpid(node, &status, WNOHANG) == node) end_like(status);
      } else if (is_ready) {
        kill(node, signal_number);
      } else {
        /* Held in arrival order, once each: the bundle keeps the first stop as the cause. */
        int seen = 0;
        for (size_t i = 0; i < pending_count; i++) seen |= pending[i] == signal_number;
        if (!seen && pending_count < STOP_SIGNAL_COUNT) pending[pending_count++] = signal_number;
      }
    }
  }
}
