// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/process_runner.h"

#include "eval/output_tail.h"
#include "eval/process_supervisor.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string_view>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace phylo {
namespace {

    using Clock = std::chrono::steady_clock;
    using detail::SetupStage;
    using detail::StatusMessage;
    using detail::StatusTag;
    using std::chrono::milliseconds;

    constexpr milliseconds kPollSlice { 50 }; ///< how often cancel and timeout are looked at
    constexpr milliseconds kBackstopDelay { 2000 }; ///< after killGrace, before we SIGKILL a stuck supervisor
    constexpr milliseconds kDrainTime { 250 }; ///< for output still in the pipe once the supervisor is gone
    constexpr std::size_t kReadChunk = 64 * 1024;
    constexpr std::size_t kReadBudget = 4 * 1024 * 1024; ///< per wakeup, so a flood cannot starve the checks

    std::string errorText(int error)
    {
        char buf[256];
        return strerror_r(error, buf, sizeof buf); // the GNU variant: thread-safe, returns the text
    }

    int toPollTimeout(Clock::duration d)
    {
        const auto ms = std::chrono::ceil<milliseconds>(d).count();
        return static_cast<int>(std::clamp<long long>(ms, 0, kPollSlice.count()));
    }

    /** A file descriptor, closed when it goes out of scope. */
    class UniqueFd
    {
    public:
        UniqueFd() = default;
        UniqueFd(const UniqueFd&) = delete;
        UniqueFd& operator=(const UniqueFd&) = delete;
        ~UniqueFd() { reset(); }

        int get() const { return m_fd; }
        bool valid() const { return m_fd >= 0; }
        void reset(int fd = -1)
        {
            if (m_fd >= 0)
                ::close(m_fd);
            m_fd = fd;
        }

    private:
        int m_fd = -1;
    };

    /// Close-on-exec, so that children other threads start meanwhile do not inherit either end.
    bool makePipe(UniqueFd& readEnd, UniqueFd& writeEnd)
    {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
            return false;
        readEnd.reset(fds[0]);
        writeEnd.reset(fds[1]);
        return fcntl(readEnd.get(), F_SETFL, O_NONBLOCK) == 0;
    }

    /// Why a spec cannot be turned into C strings for execve; empty if it can.
    std::string invalidSpecReason(const ProcessSpec& spec)
    {
        const auto hasNul = [](std::string_view s) { return s.find('\0') != std::string_view::npos; };
        if (hasNul(spec.command))
            return "the command contains a NUL byte";
        if (hasNul(spec.workDir.native()))
            return "the working directory contains a NUL byte";
        for (const auto& [name, value] : spec.extraEnv) {
            if (name.empty() || name.find('=') != std::string::npos || hasNul(name) || hasNul(value))
                return "invalid environment variable '" + name + "'";
        }
        return {};
    }

    /** argv and envp for execve, built before fork because the child may not allocate. */
    class ExecArgs
    {
    public:
        explicit ExecArgs(const ProcessSpec& spec)
            : m_args { "sh", "-c", spec.command }
        {
            const auto& extra = spec.extraEnv;
            const auto setByExtra = [&](std::string_view name, std::size_t from) {
                return std::any_of(extra.begin() + static_cast<std::ptrdiff_t>(from), extra.end(),
                    [&](const auto& entry) { return entry.first == name; });
            };
            for (char** entry = environ; entry && *entry; ++entry) {
                const std::string_view variable(*entry);
                if (!setByExtra(variable.substr(0, variable.find('=')), 0))
                    m_env.emplace_back(variable);
            }
            for (std::size_t i = 0; i < extra.size(); ++i) {
                if (!setByExtra(extra[i].first, i + 1)) // a later entry for the same name wins
                    m_env.push_back(extra[i].first + '=' + extra[i].second);
            }
            // Pointers last, once no string moves any more.
            for (auto& arg : m_args)
                m_argv.push_back(arg.data());
            m_argv.push_back(nullptr);
            for (auto& variable : m_env)
                m_envp.push_back(variable.data());
            m_envp.push_back(nullptr);
        }

        char* const* argv() const { return m_argv.data(); }
        char* const* envp() const { return m_envp.data(); }

    private:
        std::vector<std::string> m_args;
        std::vector<std::string> m_env;
        std::vector<char*> m_argv;
        std::vector<char*> m_envp;
    };

    std::string setupErrorText(SetupStage stage, int error, const ProcessSpec& spec)
    {
        switch (stage) {
        case SetupStage::Fork:
            return "fork failed: " + errorText(error);
        case SetupStage::Redirect:
            return "cannot redirect the standard streams: " + errorText(error);
        case SetupStage::MemoryLimit:
            return "cannot set the memory limit: " + errorText(error);
        case SetupStage::WorkDir:
            return "cannot enter the working directory '" + spec.workDir.string() + "': " + errorText(error);
        case SetupStage::Exec:
            return "cannot execute /bin/sh: " + errorText(error);
        }
        return "setup failed: " + errorText(error);
    }

    void setFromWaitStatus(ProcessResult& result, int status)
    {
        if (WIFSIGNALED(status)) {
            result.kind = ExitKind::Signaled;
            result.signal = WTERMSIG(status);
        } else {
            result.kind = ExitKind::Exited;
            result.exitCode = WEXITSTATUS(status);
        }
    }

    /** The parent's side of one run: watches the supervisor, the output, the clock and the cancel flag. */
    class RunMonitor
    {
    public:
        /// Made before fork: nothing may throw once the supervisor exists, or it would not be reaped.
        RunMonitor(const ProcessSpec& spec, const std::atomic<bool>* cancel, Clock::time_point start, UniqueFd& output,
            UniqueFd& status)
            : m_spec(spec)
            , m_cancel(cancel)
            , m_start(start)
            , m_output(output)
            , m_status(status)
            , m_tail(spec.outputTailBytes)
            , m_buffer(kReadChunk)
        {
            m_statusBytes.reserve(8 * sizeof(StatusMessage));
        }

        ProcessResult run(pid_t supervisor)
        {
            m_supervisor = supervisor;
#ifdef SYS_pidfd_open
            // Lets poll() wake the moment the supervisor exits; without it we notice within a slice.
            m_pidfd.reset(static_cast<int>(syscall(SYS_pidfd_open, supervisor, 0)));
#endif
            while (!m_supervisorGone) {
                checkStop(Clock::now());
                pollOnce();
                reapSupervisor();
            }
            drain();
            return result();
        }

    private:
        enum class Stop { None, TimedOut, Cancelled };

        void checkStop(Clock::time_point now)
        {
            if (m_stop == Stop::None) {
                if (m_cancel && m_cancel->load())
                    m_stop = Stop::Cancelled;
                else if (m_spec.timeout.count() > 0 && now >= m_start + m_spec.timeout)
                    m_stop = Stop::TimedOut;
                if (m_stop == Stop::None)
                    return;
                m_stopAt = now;
            }
            // The supervisor reports Started only after its SIGTERM handler is in place.
            if (!m_termSent && m_commandPid > 0) {
                ::kill(m_supervisor, SIGTERM);
                m_termSent = true;
            }
            if (!m_killSent && now >= m_stopAt + std::max(m_spec.killGrace, milliseconds(0)) + kBackstopDelay) {
                // The supervisor is stuck: kill it and, as far as we can, what it started.
                ::kill(m_supervisor, SIGKILL);
                if (m_commandPid > 1)
                    ::kill(-m_commandPid, SIGKILL);
                m_killSent = true;
            }
        }

        void pollOnce()
        {
            pollfd fds[3];
            nfds_t count = 0;
            const auto add = [&](const UniqueFd& fd) {
                if (fd.valid())
                    fds[count++] = pollfd { fd.get(), POLLIN, 0 };
            };
            add(m_output);
            add(m_status);
            add(m_pidfd);
            Clock::duration wait = kPollSlice;
            if (m_stop == Stop::None && m_spec.timeout.count() > 0)
                wait = std::min(wait, m_start + m_spec.timeout - Clock::now());
            if (::poll(fds, count, toPollTimeout(wait)) <= 0)
                return;
            for (nfds_t i = 0; i < count; ++i) {
                if (fds[i].revents == 0)
                    continue;
                if (fds[i].fd == m_output.get() && !readOutput())
                    m_output.reset();
                else if (fds[i].fd == m_status.get() && !readStatus())
                    m_status.reset();
            }
        }

        /// Reads what is there, up to a budget. False at end of file.
        bool readOutput()
        {
            for (std::size_t done = 0; done < kReadBudget;) {
                const ssize_t n = ::read(m_output.get(), m_buffer.data(), m_buffer.size());
                if (n > 0) {
                    m_tail.append(m_buffer.data(), static_cast<std::size_t>(n));
                    done += static_cast<std::size_t>(n);
                } else if (n == 0) {
                    return false;
                } else if (errno != EINTR) {
                    return errno == EAGAIN || errno == EWOULDBLOCK;
                }
            }
            return true;
        }

        bool readStatus()
        {
            char buf[16 * sizeof(StatusMessage)];
            for (;;) {
                const ssize_t n = ::read(m_status.get(), buf, sizeof buf);
                if (n > 0) {
                    m_statusBytes.append(buf, static_cast<std::size_t>(n));
                } else if (n == 0) {
                    parseStatus();
                    return false;
                } else if (errno != EINTR) {
                    parseStatus();
                    return errno == EAGAIN || errno == EWOULDBLOCK;
                }
            }
        }

        void parseStatus()
        {
            std::size_t offset = 0;
            for (; offset + sizeof(StatusMessage) <= m_statusBytes.size(); offset += sizeof(StatusMessage)) {
                StatusMessage message;
                std::memcpy(&message, m_statusBytes.data() + offset, sizeof message);
                switch (static_cast<StatusTag>(message.tag)) {
                case StatusTag::Started:
                    m_commandPid = message.value;
                    break;
                case StatusTag::SetupFailed:
                    m_setupFailed = true;
                    m_setupStage = static_cast<SetupStage>(message.value);
                    m_setupErrno = message.extra;
                    break;
                case StatusTag::Finished:
                    m_finished = true;
                    m_waitStatus = message.value;
                    m_endedOnItsOwn = message.extra != 0;
                    break;
                }
            }
            m_statusBytes.erase(0, offset);
        }

        void reapSupervisor()
        {
            int status = 0;
            const pid_t pid = ::waitpid(m_supervisor, &status, WNOHANG);
            if (pid == m_supervisor || (pid < 0 && errno != EINTR)) // ECHILD: reaped behind our back
                m_supervisorGone = true;
        }

        /// Everything the command started is dead by now, unless the backstop had to kill the
        /// supervisor: then an escaped process may still hold the pipe, so don't wait for EOF long.
        void drain()
        {
            const auto giveUp = Clock::now() + kDrainTime;
            while (m_output.valid()) {
                if (!readOutput()) {
                    m_output.reset();
                    break;
                }
                const auto left = giveUp - Clock::now();
                if (left <= Clock::duration::zero())
                    break;
                pollfd fd { m_output.get(), POLLIN, 0 };
                ::poll(&fd, 1, toPollTimeout(left));
            }
            if (m_status.valid())
                readStatus(); // the supervisor is gone: all it wrote is already there
        }

        ProcessResult result() const
        {
            ProcessResult result;
            result.outputTail = m_tail.str();
            result.outputBytes = m_tail.totalBytes();
            result.wallTime = std::chrono::duration_cast<milliseconds>(Clock::now() - m_start);
            if (m_setupFailed) {
                result.kind = ExitKind::SpawnFailed;
                result.spawnError = setupErrorText(m_setupStage, m_setupErrno, m_spec);
            } else if (m_finished && (m_endedOnItsOwn || m_stop == Stop::None)) {
                setFromWaitStatus(result, m_waitStatus); // it ended before our kill could matter
            } else if (m_stop == Stop::TimedOut) {
                result.kind = ExitKind::TimedOut;
                result.timeout = m_spec.timeout;
            } else if (m_stop == Stop::Cancelled) {
                result.kind = ExitKind::Cancelled;
            } else {
                result.kind = ExitKind::SpawnFailed;
                result.spawnError = "the supervisor process ended unexpectedly";
            }
            return result;
        }

        const ProcessSpec& m_spec;
        const std::atomic<bool>* m_cancel;
        const Clock::time_point m_start;
        pid_t m_supervisor = 0;
        UniqueFd& m_output;
        UniqueFd& m_status;
        UniqueFd m_pidfd;
        OutputTail m_tail;
        std::vector<char> m_buffer;
        std::string m_statusBytes; ///< status pipe bytes not yet parsed into whole messages

        bool m_supervisorGone = false;
        Stop m_stop = Stop::None;
        Clock::time_point m_stopAt;
        bool m_termSent = false;
        bool m_killSent = false;

        pid_t m_commandPid = 0;
        bool m_setupFailed = false;
        SetupStage m_setupStage = SetupStage::Fork;
        int m_setupErrno = 0;
        bool m_finished = false;
        int m_waitStatus = 0;
        bool m_endedOnItsOwn = false;
    };

} // namespace

ProcessResult runProcess(const ProcessSpec& spec, const std::atomic<bool>* cancel)
{
    const auto start = Clock::now();
    const auto failed = [&](std::string reason) {
        ProcessResult result;
        result.kind = ExitKind::SpawnFailed;
        result.spawnError = std::move(reason);
        result.wallTime = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
        return result;
    };
    if (auto reason = invalidSpecReason(spec); !reason.empty())
        return failed(std::move(reason));
    if (cancel && cancel->load()) {
        ProcessResult result;
        result.kind = ExitKind::Cancelled;
        return result;
    }

    // Everything the children need is allocated now: after fork they may not allocate.
    const ExecArgs exec(spec);
    const std::string workDir = spec.workDir.string();
    UniqueFd outputRead, outputWrite, statusRead, statusWrite;
    if (!makePipe(outputRead, outputWrite) || !makePipe(statusRead, statusWrite))
        return failed("cannot create a pipe: " + errorText(errno));

    detail::SupervisorArgs args;
    args.parentPid = ::getpid();
    args.statusFd = statusWrite.get();
    args.outputFd = outputWrite.get();
    args.workDir = workDir.empty() ? nullptr : workDir.c_str();
    args.argv = exec.argv();
    args.envp = exec.envp();
    args.memoryLimitBytes = spec.memoryLimitBytes;
    args.niceness = spec.niceness;
    args.killGraceMs = std::max<long>(0, static_cast<long>(spec.killGrace.count()));

    RunMonitor monitor(spec, cancel, start, outputRead, statusRead);
    const pid_t supervisor = detail::forkNoHandlers();
    if (supervisor < 0)
        return failed("fork failed: " + errorText(errno));
    if (supervisor == 0)
        detail::runSupervisor(args);

    // Our copies of the write ends must go, or we would never see EOF.
    outputWrite.reset();
    statusWrite.reset();
    return monitor.run(supervisor);
}

std::string ProcessResult::describe() const
{
    char buf[128];
    switch (kind) {
    case ExitKind::Exited:
        return "exit status " + std::to_string(exitCode);
    case ExitKind::Signaled:
        if (const char* abbrev = sigabbrev_np(signal))
            std::snprintf(buf, sizeof buf, "killed by signal %d (SIG%s)", signal, abbrev);
        else
            std::snprintf(buf, sizeof buf, "killed by signal %d", signal);
        return buf;
    case ExitKind::TimedOut:
        std::snprintf(buf, sizeof buf, "timed out after %.1f s",
            static_cast<double>((timeout.count() > 0 ? timeout : wallTime).count()) / 1000.0);
        return buf;
    case ExitKind::Cancelled:
        return "cancelled";
    case ExitKind::SpawnFailed:
        return "could not start: " + (spawnError.empty() ? std::string("unknown error") : spawnError);
    }
    return "unknown result";
}

} // namespace phylo
