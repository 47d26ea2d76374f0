// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/output_tail.h"
#include "eval/process_runner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace phylo;
using namespace std::chrono_literals;

namespace {

ProcessSpec specIn(const QTemporaryDir& dir, std::string command)
{
    ProcessSpec spec;
    spec.command = std::move(command);
    spec.workDir = dir.path().toStdString();
    spec.timeout = 20s;
    return spec;
}

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

/// The pid a command wrote to FILE, waiting a little for the write to land.
pid_t readPid(const QTemporaryDir& dir, const QString& file)
{
    QFile f(dir.filePath(file));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return static_cast<pid_t>(f.readAll().trimmed().toLongLong());
}

/// Whether PID no longer exists, polling up to 2 s: the kernel may take a moment to tear down.
bool processGone(pid_t pid)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 2000) {
        if (::kill(pid, 0) != 0 && errno == ESRCH)
            return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

int openFdCount()
{
    return static_cast<int>(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

QString python3()
{
    if (QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        return QStringLiteral("/usr/bin/python3");
    return {};
}

} // namespace

/** runProcess and OutputTail: real commands, real signals, real escapes. */
class TestProcessRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outputTailKeepsLastBytes()
    {
        OutputTail tail(8);
        tail.append("abc", 3);
        QCOMPARE(tail.str(), std::string("abc"));
        QVERIFY(!tail.truncated());
        tail.append("defghij", 7);
        QCOMPARE(tail.str(), std::string("cdefghij"));
        QCOMPARE(tail.totalBytes(), std::uint64_t(10));
        QVERIFY(tail.truncated());
        tail.append("klm", 3); // wraps around the ring
        QCOMPARE(tail.str(), std::string("fghijklm"));
        tail.append("0123456789ABCDEF", 16); // larger than the capacity
        QCOMPARE(tail.str(), std::string("89ABCDEF"));
        QCOMPARE(tail.size(), std::size_t(8));
        QCOMPARE(tail.totalBytes(), std::uint64_t(29));
        tail.clear();
        QCOMPARE(tail.str(), std::string());
        QCOMPARE(tail.totalBytes(), std::uint64_t(0));
    }

    void outputTailByteByByte()
    {
        // Compare against the obvious implementation across many wrap-arounds.
        OutputTail tail(7);
        std::string all;
        for (int i = 0; i < 100; ++i) {
            const std::string chunk(static_cast<std::size_t>(i % 5), static_cast<char>('a' + i % 26));
            tail.append(chunk.data(), chunk.size());
            all += chunk;
            QCOMPARE(tail.str(), all.substr(all.size() > 7 ? all.size() - 7 : 0));
        }
        QCOMPARE(tail.totalBytes(), std::uint64_t(all.size()));
    }

    void outputTailZeroCapacity()
    {
        OutputTail tail(0);
        tail.append("abc", 3);
        QCOMPARE(tail.str(), std::string());
        QCOMPARE(tail.totalBytes(), std::uint64_t(3));
    }

    void describeFormats()
    {
        ProcessResult r;
        r.kind = ExitKind::Exited;
        r.exitCode = 3;
        QCOMPARE(r.describe(), std::string("exit status 3"));
        r.kind = ExitKind::Signaled;
        r.signal = SIGSEGV;
        QCOMPARE(r.describe(), std::string("killed by signal 11 (SIGSEGV)"));
        r.kind = ExitKind::TimedOut;
        r.timeout = 5000ms;
        QCOMPARE(r.describe(), std::string("timed out after 5.0 s"));
        r.kind = ExitKind::Cancelled;
        QCOMPARE(r.describe(), std::string("cancelled"));
        r.kind = ExitKind::SpawnFailed;
        r.spawnError = "no such thing";
        QCOMPARE(r.describe(), std::string("could not start: no such thing"));
    }

    void success()
    {
        QTemporaryDir dir;
        const auto r = runProcess(specIn(dir, "echo hello; exit 0"));
        QCOMPARE(r.kind, ExitKind::Exited);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.succeeded());
        QCOMPARE(r.outputTail, std::string("hello\n"));
        QCOMPARE(r.outputBytes, std::uint64_t(6));
        QVERIFY(!r.outputTruncated());
    }

    void nonZeroExit()
    {
        QTemporaryDir dir;
        const auto r = runProcess(specIn(dir, "echo oops >&2; exit 3"));
        QCOMPARE(r.kind, ExitKind::Exited);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(!r.succeeded());
        QVERIFY(contains(r.describe(), "3"));
        QCOMPARE(r.outputTail, std::string("oops\n")); // stderr lands in the same tail
    }

    void environmentAndWorkDir()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "echo $FOO; echo $PHYLO_TEST_PARENT; pwd");
        spec.extraEnv = { { "FOO", "bar" } };
        qputenv("PHYLO_TEST_PARENT", "inherited");
        const auto r = runProcess(spec);
        qunsetenv("PHYLO_TEST_PARENT");
        QVERIFY(r.succeeded());
        const auto canonical = QFileInfo(dir.path()).canonicalFilePath().toStdString();
        QCOMPARE(r.outputTail, "bar\ninherited\n" + canonical + "\n");
    }

    void extraEnvOverridesParent()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "echo $HOME");
        spec.extraEnv = { { "HOME", "/first" }, { "HOME", "/nowhere" } };
        const auto r = runProcess(spec);
        QCOMPARE(r.outputTail, std::string("/nowhere\n"));
    }

    void stdinIsDevNull()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "cat; echo rc=$?");
        spec.timeout = 5s;
        const auto r = runProcess(spec);
        QVERIFY2(r.succeeded(), r.describe().c_str());
        QCOMPARE(r.outputTail, std::string("rc=0\n"));
    }

    void timeout()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "sleep 30");
        spec.timeout = 500ms;
        const auto r = runProcess(spec);
        QCOMPARE(r.kind, ExitKind::TimedOut);
        QVERIFY2(r.wallTime < 5s, std::to_string(r.wallTime.count()).c_str());
        QVERIFY(r.wallTime >= 500ms);
        QVERIFY(contains(r.describe(), "timed out"));
    }

    void childIgnoringSigtermIsKilled()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "sh -c 'trap \"\" TERM; sleep 30' & echo $! > child.pid; wait");
        spec.timeout = 500ms;
        const auto r = runProcess(spec);
        QCOMPARE(r.kind, ExitKind::TimedOut);
        QVERIFY(r.wallTime < 5s);
        const pid_t child = readPid(dir, QStringLiteral("child.pid"));
        QVERIFY(child > 1);
        QVERIFY(processGone(child));
    }

    void escapeViaSetsidAndDoubleFork()
    {
        // The escapee starts its own session, is orphaned by a double fork, and ignores SIGTERM.
        QTemporaryDir dir;
        auto spec = specIn(dir,
            "( setsid sh -c 'trap \"\" TERM; echo $$ > esc.tmp; mv esc.tmp esc.pid; exec sleep 30' & ); "
            "while [ ! -s esc.pid ]; do sleep 0.01; done; exit 0");
        spec.timeout = 20s;
        QElapsedTimer timer;
        timer.start();
        const auto r = runProcess(spec);
        QVERIFY2(r.succeeded(), r.describe().c_str());
        QVERIFY2(timer.elapsed() < 3000, QByteArray::number(timer.elapsed()));
        const pid_t escaped = readPid(dir, QStringLiteral("esc.pid"));
        QVERIFY(escaped > 1);
        QVERIFY(processGone(escaped));
    }

    void backgroundChildHoldingOutput()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "(sleep 30) & echo done");
        spec.timeout = 20s;
        const auto r = runProcess(spec);
        QVERIFY2(r.succeeded(), r.describe().c_str());
        QCOMPARE(r.outputTail, std::string("done\n"));
        QVERIFY2(r.wallTime < 3s, std::to_string(r.wallTime.count()).c_str());
    }

    void outputFlood()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "head -c 200000000 /dev/zero | tr '\\0' 'x'; echo; echo END");
        spec.outputTailBytes = 4096;
        spec.timeout = 60s;
        const auto r = runProcess(spec);
        QVERIFY2(r.succeeded(), r.describe().c_str());
        QVERIFY(r.outputBytes >= 200000000);
        QCOMPARE(r.outputBytes, std::uint64_t(200000000 + 5));
        QVERIFY(r.outputTail.size() <= 4096);
        QVERIFY(r.outputTruncated());
        QVERIFY(r.outputTail.ends_with("x\nEND\n"));
        QVERIFY(r.wallTime < 60s);
    }

    void killedBySignal()
    {
        QTemporaryDir dir;
        const auto r = runProcess(specIn(dir, "kill -SEGV $$"));
        QCOMPARE(r.kind, ExitKind::Signaled);
        QCOMPARE(r.signal, SIGSEGV);
        QVERIFY(contains(r.describe(), "SIGSEGV"));
    }

    void cancel()
    {
        QTemporaryDir dir;
        std::atomic<bool> cancelled { false };
        std::thread canceller([&] {
            std::this_thread::sleep_for(300ms);
            cancelled = true;
        });
        const auto r = runProcess(specIn(dir, "sleep 30"), &cancelled);
        canceller.join();
        QCOMPARE(r.kind, ExitKind::Cancelled);
        QCOMPARE(r.describe(), std::string("cancelled"));
        QVERIFY2(r.wallTime < 3s, std::to_string(r.wallTime.count()).c_str());
    }

    void concurrentRuns()
    {
        QTemporaryDir dir;
        constexpr int kRuns = 8;
        ProcessResult results[kRuns];
        std::vector<std::thread> threads;
        for (int i = 0; i < kRuns; ++i) {
            threads.emplace_back(
                [&, i] { results[i] = runProcess(specIn(dir, "echo " + std::to_string(i) + "; sleep 0.2")); });
        }
        for (auto& thread : threads)
            thread.join();
        for (int i = 0; i < kRuns; ++i) {
            QVERIFY2(results[i].succeeded(), results[i].describe().c_str());
            QCOMPARE(results[i].outputTail, std::to_string(i) + "\n");
        }
    }

    void missingWorkDir()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "echo should-not-run");
        spec.workDir = dir.filePath(QStringLiteral("does/not/exist")).toStdString();
        const auto r = runProcess(spec);
        QVERIFY(!r.succeeded());
        QCOMPARE(r.kind, ExitKind::SpawnFailed);
        QVERIFY(contains(r.describe(), "does/not/exist"));
        QVERIFY(!contains(r.outputTail, "should-not-run"));
    }

    void invalidEnvironmentName()
    {
        QTemporaryDir dir;
        auto spec = specIn(dir, "true");
        spec.extraEnv = { { "A=B", "c" } };
        const auto r = runProcess(spec);
        QCOMPARE(r.kind, ExitKind::SpawnFailed);
        QVERIFY(!r.describe().empty());
    }

    void memoryLimit()
    {
        const QString python = python3();
        if (python.isEmpty())
            QSKIP("needs /usr/bin/python3");
        QTemporaryDir dir;
        auto spec = specIn(dir, python.toStdString() + " -c 'x = bytearray(512 * 1024 * 1024); print(len(x))'");
        spec.timeout = 30s;
        const auto unlimited = runProcess(spec);
        QVERIFY2(unlimited.succeeded(), (unlimited.describe() + ": " + unlimited.outputTail).c_str());
        spec.memoryLimitBytes = 64ull * 1024 * 1024;
        const auto limited = runProcess(spec);
        QVERIFY(!limited.succeeded());
        QVERIFY(limited.kind == ExitKind::Exited || limited.kind == ExitKind::Signaled);
    }

    void niceness()
    {
        // The command reads its own nice level: ours plus the spec's (capped at 19), and ours when 0.
        QTemporaryDir dir;
        auto spec = specIn(dir, "nice");
        const int ours = getpriority(PRIO_PROCESS, 0);
        const auto plain = runProcess(spec);
        QVERIFY2(plain.succeeded(), plain.describe().c_str());
        QCOMPARE(std::stoi(plain.outputTail), ours);
        spec.niceness = 7;
        const auto lowered = runProcess(spec);
        QVERIFY2(lowered.succeeded(), lowered.describe().c_str());
        QCOMPARE(std::stoi(lowered.outputTail), std::min(19, ours + 7));
    }

    void noDescriptorLeaks()
    {
        QTemporaryDir dir;
        (void)runProcess(specIn(dir, "true")); // lets lazily opened descriptors settle first
        const int before = openFdCount();
        for (int i = 0; i < 10; ++i)
            QVERIFY(runProcess(specIn(dir, "echo x")).succeeded());
        QCOMPARE(openFdCount(), before);
    }

    void commandDoesNotInheritOurDescriptors()
    {
        // A descriptor some other part of the program opened without O_CLOEXEC.
        const int leaky = ::open("/dev/null", O_RDONLY);
        QVERIFY(leaky >= 0);
        const int fd = ::dup2(leaky, 97);
        ::close(leaky);
        QCOMPARE(fd, 97);
        QTemporaryDir dir;
        const auto r = runProcess(specIn(dir, "if [ -e /proc/$$/fd/97 ]; then echo leaked; else echo clean; fi"));
        ::close(fd);
        QVERIFY(r.succeeded());
        QCOMPARE(r.outputTail, std::string("clean\n"));
    }

    void parentDeathCleansUp()
    {
        // The process calling runProcess dies mid-run; what the command started must not survive it.
        QTemporaryDir dir;
        const auto spec = specIn(dir, "sleep 30 & echo $! > child.pid; wait");
        const pid_t caller = ::fork();
        QVERIFY(caller >= 0);
        if (caller == 0) {
            runProcess(spec);
            _exit(0);
        }
        pid_t child = 0;
        QElapsedTimer timer;
        timer.start();
        while (child <= 1 && timer.elapsed() < 5000) {
            std::this_thread::sleep_for(20ms);
            child = readPid(dir, QStringLiteral("child.pid"));
        }
        ::kill(caller, SIGKILL);
        ::waitpid(caller, nullptr, 0);
        QVERIFY(child > 1);
        QVERIFY(processGone(child));
    }

    void cancelledBeforeStart()
    {
        QTemporaryDir dir;
        const std::atomic<bool> cancelled { true };
        const auto r = runProcess(specIn(dir, "touch ran"), &cancelled);
        QCOMPARE(r.kind, ExitKind::Cancelled);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("ran"))));
    }
};

QTEST_GUILESS_MAIN(TestProcessRunner)
#include "tst_process_runner.moc"
