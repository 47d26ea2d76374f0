// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/process_supervisor.h"

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <ctime>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Reminder: everything below runs in a child forked from a multi-threaded process. Only raw
// system calls, fixed-size buffers on the stack, and no C++ library calls.

namespace phylo::detail {
namespace {

    volatile sig_atomic_t g_stopRequested = 0;

    void onStopSignal(int)
    {
        g_stopRequested = 1;
    }

    void onChildSignal(int)
    {
        // Only here so that SIGCHLD interrupts sigsuspend().
    }

    void sendStatus(int fd, StatusTag tag, std::int32_t value, std::int32_t extra)
    {
        const StatusMessage message { static_cast<std::int32_t>(tag), value, extra };
        while (::write(fd, &message, sizeof message) < 0 && errno == EINTR) { }
    }

    long long nowMs()
    {
        timespec ts {};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
    }

    void sleepMs(long ms)
    {
        const timespec ts { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&ts, nullptr);
    }

    /// Forked children inherit the parent's handlers, which would run the parent's code here.
    void resetSignalDispositions()
    {
        struct sigaction defaults = {};
        defaults.sa_handler = SIG_DFL;
        sigemptyset(&defaults.sa_mask);
        for (int sig = 1; sig < NSIG; ++sig) {
            if (sig != SIGKILL && sig != SIGSTOP)
                sigaction(sig, &defaults, nullptr); // fails harmlessly for glibc's reserved signals
        }
    }

    void closeRange(unsigned first, unsigned last)
    {
        if (first > last || ::close_range(first, last, 0) == 0)
            return;
        // Kernels before 5.9 lack close_range: close one by one, up to the descriptor limit.
        rlimit limit {};
        unsigned end = 65536;
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < end)
            end = static_cast<unsigned>(limit.rlim_cur);
        for (unsigned fd = first; fd <= last && fd < end; ++fd)
            ::close(static_cast<int>(fd));
    }

    /// Closes every descriptor above 2 except a and b (both >= 3): the supervisor never execs,
    /// so it would otherwise keep the parent's descriptors, other runs' pipes included, open.
    void closeAllExcept(int a, int b)
    {
        const unsigned low = static_cast<unsigned>(a < b ? a : b);
        const unsigned high = static_cast<unsigned>(a < b ? b : a);
        closeRange(3, low - 1);
        closeRange(low + 1, high - 1);
        closeRange(high + 1, ~0U);
    }

    constexpr int kMaxPids = 1024;

    /** A fixed-capacity set of pids; what does not fit is simply handled in a later round. */
    struct PidList
    {
        pid_t pids[kMaxPids];
        int count = 0;

        void add(pid_t pid)
        {
            if (count < kMaxPids)
                pids[count++] = pid;
        }
        bool contains(pid_t pid) const
        {
            for (int i = 0; i < count; ++i) {
                if (pids[i] == pid)
                    return true;
            }
            return false;
        }
    };

    /// Parses decimal numbers out of text arriving in chunks; a number may span two chunks.
    struct NumberScanner
    {
        long current = -1;

        void feed(const char* text, long size, PidList& out)
        {
            for (long i = 0; i < size; ++i) {
                if (text[i] >= '0' && text[i] <= '9') {
                    current = (current < 0 ? 0 : current * 10) + (text[i] - '0');
                } else {
                    finish(out);
                }
            }
        }
        void finish(PidList& out)
        {
            if (current > 0)
                out.add(static_cast<pid_t>(current));
            current = -1;
        }
    };

    bool listChildrenFromTask(PidList& out)
    {
        const int fd = ::open("/proc/thread-self/children", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return false;
        char buf[4096];
        NumberScanner scanner;
        for (;;) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            scanner.feed(buf, n, out);
        }
        scanner.finish(out);
        ::close(fd);
        return true;
    }

    /// The ppid field of /proc/PID/stat; 0 if unreadable. NAME is the /proc entry's name.
    pid_t parentOf(const char* name)
    {
        char path[64] = "/proc/";
        std::size_t len = 6;
        for (const char* c = name; *c && len < sizeof path - 6; ++c)
            path[len++] = *c;
        for (const char* c = "/stat"; *c; ++c)
            path[len++] = *c;
        path[len] = '\0';

        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return 0;
        char buf[512];
        const ssize_t n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n <= 0)
            return 0;
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so find the last ')'.
        long i = n - 1;
        while (i >= 0 && buf[i] != ')')
            --i;
        i += 4; // skip ") S "
        pid_t ppid = 0;
        for (; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i)
            ppid = ppid * 10 + (buf[i] - '0');
        return ppid;
    }

    /// Fallback for kernels without /proc/PID/task/TID/children: scan every /proc/PID/stat.
    bool listChildrenFromProcScan(pid_t self, PidList& out)
    {
        const int dir = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
            return false;
        struct Dirent64
        {
            ino64_t ino;
            off64_t off;
            unsigned short reclen;
            unsigned char type;
            char name[1];
        };
        alignas(8) char buf[8192];
        for (;;) {
            const long n = syscall(SYS_getdents64, dir, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            for (long offset = 0; offset < n;) {
                const auto* entry = reinterpret_cast<const Dirent64*>(buf + offset);
                offset += entry->reclen;
                const char* name = reinterpret_cast<const char*>(entry) + offsetof(Dirent64, name);
                if (name[0] < '1' || name[0] > '9')
                    continue;
                if (parentOf(name) == self) {
                    pid_t pid = 0;
                    for (const char* c = name; *c >= '0' && *c <= '9'; ++c)
                        pid = pid * 10 + (*c - '0');
                    out.add(pid);
                }
            }
        }
        ::close(dir);
        return true;
    }

    bool listChildren(pid_t self, PidList& out)
    {
        return listChildrenFromTask(out) || listChildrenFromProcScan(self, out);
    }

    struct CommandState
    {
        pid_t pid = 0;
        bool reaped = false;
        int status = 0;
    };

    /// Reaps every child that has exited, noting the command's status. False once no child is left.
    bool reapExited(CommandState& command)
    {
        for (;;) {
            int status = 0;
            const pid_t pid = ::waitpid(-1, &status, WNOHANG);
            if (pid > 0) {
                if (pid == command.pid) {
                    command.reaped = true;
                    command.status = status;
                }
                continue;
            }
            if (pid == 0)
                return true;
            if (errno != EINTR)
                return false; // ECHILD
        }
    }

    /// Sends SIG to each direct child and to the group it leads. Children we have not reaped keep
    /// their pids, so a group with a child's pid as id is that child's own. False if /proc is unusable.
    bool signalChildren(pid_t self, int sig, PidList* alreadySignalled)
    {
        PidList children;
        if (!listChildren(self, children))
            return false;
        for (int i = 0; i < children.count; ++i) {
            const pid_t child = children.pids[i];
            if (child <= 1 || child == self || (alreadySignalled && alreadySignalled->contains(child)))
                continue;
            if (::kill(-child, sig) != 0 || sig == SIGKILL)
                ::kill(child, sig);
            if (alreadySignalled)
                alreadySignalled->add(child);
        }
        return true;
    }

    /// SIGTERM to the command's group and to everything that was reparented to us, a grace
    /// period, then SIGKILL until no descendant is left. Processes that escaped with setsid() or
    /// a double fork become our children when their parent dies, because we are a subreaper.
    void terminateEverything(pid_t self, CommandState& command, long graceMs)
    {
        PidList signalled;
        if (!command.reaped) {
            ::kill(-command.pid, SIGTERM); // safe: the unreaped command still holds its pgid
            signalled.add(command.pid);
        }
        const long long graceEnd = nowMs() + graceMs;
        for (;;) {
            if (!reapExited(command))
                return;
            if (nowMs() >= graceEnd)
                break;
            signalChildren(self, SIGTERM, &signalled);
            sleepMs(5);
        }
        if (!command.reaped)
            ::kill(-command.pid, SIGKILL);
        // Without /proc we cannot find escaped processes: wait a little for them, then give up.
        const long long giveUpBlind = nowMs() + 2000;
        for (;;) {
            if (!reapExited(command))
                return;
            if (!signalChildren(self, SIGKILL, nullptr) && nowMs() >= giveUpBlind)
                return;
            sleepMs(2);
        }
    }

    [[noreturn]] void runCommand(const SupervisorArgs& args, int statusFd, int outputFd, pid_t supervisor)
    {
        const auto fail = [statusFd](SetupStage stage) {
            sendStatus(statusFd, StatusTag::SetupFailed, static_cast<std::int32_t>(stage), errno);
            _exit(127);
        };
        // The supervisor changed dispositions and the mask; exec keeps ignored signals and the mask.
        resetSignalDispositions();
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        // If the supervisor dies, the shell goes too; the rest is reaped by whoever inherits it.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != supervisor)
            _exit(127);
        setpgid(0, 0);

        const rlimit noCore { 0, 0 };
        setrlimit(RLIMIT_CORE, &noCore);
        if (args.niceness > 0)
            setpriority(PRIO_PROCESS, 0, args.niceness); // lowering one's own priority cannot fail
        if (args.memoryLimitBytes > 0) {
            const rlimit memory { args.memoryLimitBytes, args.memoryLimitBytes };
            if (setrlimit(RLIMIT_AS, &memory) != 0)
                fail(SetupStage::MemoryLimit);
        }
        // stdin is already /dev/null (the supervisor's); outputFd >= 3, so dup2 cannot clobber it.
        if (dup2(outputFd, STDOUT_FILENO) < 0 || dup2(outputFd, STDERR_FILENO) < 0)
            fail(SetupStage::Redirect);
        ::close(outputFd);
        if (args.workDir && chdir(args.workDir) != 0)
            fail(SetupStage::WorkDir);
        // statusFd is close-on-exec: it reaches no further than a failed exec's report.
        execve("/bin/sh", args.argv, args.envp);
        fail(SetupStage::Exec);
        _exit(127);
    }

} // namespace

pid_t forkNoHandlers()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return _Fork();
#else
    return fork();
#endif
}

void runSupervisor(const SupervisorArgs& args)
{
    // Our SIGTERM handler first: the parent sends SIGTERM only after our Started report.
    resetSignalDispositions();
    struct sigaction action = {};
    sigemptyset(&action.sa_mask);
    action.sa_handler = onStopSignal;
    sigaction(SIGTERM, &action, nullptr);
    action.sa_handler = onChildSignal;
    action.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGCHLD, &action, nullptr);
    action.sa_handler = SIG_IGN;
    action.sa_flags = 0;
    sigaction(SIGPIPE, &action, nullptr);
    // Both stay blocked except inside sigsuspend(), so none can slip in between check and wait.
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGCHLD);
    sigprocmask(SIG_SETMASK, &blocked, nullptr);

    // When the parent thread dies, clean up as if it had asked us to (SIGTERM, not SIGKILL: a
    // killed supervisor would leave the command's descendants running). If the parent died
    // before this prctl took effect, we have already been reparented: stop here.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != args.parentPid)
        _exit(1);
    setsid(); // no controlling terminal: terminal signals reach neither us nor the command
    prctl(PR_SET_CHILD_SUBREAPER, 1);

    // Move our two pipe ends above 2 first, in case the parent had 0-2 closed.
    const int statusFd = fcntl(args.statusFd, F_DUPFD_CLOEXEC, 3);
    const int outputFd = fcntl(args.outputFd, F_DUPFD_CLOEXEC, 3);
    if (statusFd < 0 || outputFd < 0)
        _exit(1);
    // The parent's stdio must not be held by anything we start: /dev/null for 0, 1 and 2.
    const int devNull = ::open("/dev/null", O_RDWR);
    if (devNull < 0 || dup2(devNull, 0) < 0 || dup2(devNull, 1) < 0 || dup2(devNull, 2) < 0) {
        sendStatus(statusFd, StatusTag::SetupFailed, static_cast<std::int32_t>(SetupStage::Redirect), errno);
        _exit(1);
    }
    if (devNull > 2)
        ::close(devNull);
    closeAllExcept(statusFd, outputFd);

    const pid_t self = getpid();
    CommandState command;
    command.pid = forkNoHandlers();
    if (command.pid < 0) {
        sendStatus(statusFd, StatusTag::SetupFailed, static_cast<std::int32_t>(SetupStage::Fork), errno);
        _exit(1);
    }
    if (command.pid == 0)
        runCommand(args, statusFd, outputFd, self);
    setpgid(command.pid, command.pid); // the child does it too; whichever runs first wins
    ::close(outputFd);
    sendStatus(statusFd, StatusTag::Started, command.pid, 0);

    sigset_t none;
    sigemptyset(&none);
    while (!g_stopRequested) {
        if (!reapExited(command) || command.reaped)
            break;
        sigsuspend(&none);
    }
    const bool endedOnItsOwn = command.reaped;
    if (endedOnItsOwn)
        sendStatus(statusFd, StatusTag::Finished, command.status, 1);
    terminateEverything(self, command, args.killGraceMs);
    if (!endedOnItsOwn && command.reaped)
        sendStatus(statusFd, StatusTag::Finished, command.status, 0);
    _exit(0);
}

} // namespace phylo::detail
