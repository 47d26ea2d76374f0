// SPDX-License-Identifier: GPL-3.0-or-later
#include "slurm_test_cluster.h"

#include "store/session_store.h"
#include "testsupport.h"

#include <QProcess>

#include <functional>
#include <sstream>

namespace phylo::test {

namespace fs = std::filesystem;

namespace {
    QString clusterScript()
    {
        return QString::fromStdString((fs::path(PHYLO_SOURCE_DIR) / "tests" / "slurm" / "slurm_cluster.sh").string());
    }

    QString joined(const std::set<std::string>& ids)
    {
        QString list;
        for (const auto& id : ids)
            list += (list.isEmpty() ? "" : ",") + QString::fromStdString(id);
        return list;
    }

    std::vector<std::string> split(const std::string& line)
    {
        std::vector<std::string> fields;
        std::istringstream in(line);
        for (std::string field; std::getline(in, field, '|');)
            fields.push_back(field);
        return fields;
    }
}

Ran runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    process.waitForFinished(timeoutMs);
    return { process.exitStatus() == QProcess::NormalExit && process.state() == QProcess::NotRunning ? process.exitCode() : -1,
        process.readAll().toStdString() };
}

std::vector<Node> nodesOf(const fs::path& db)
{
    return SessionStore::open(db, SessionStore::Access::ReadOnly)->loadNodes(true);
}

SlurmTestCluster::SlurmTestCluster(fs::path work, int ctldPort)
    : m_work(std::move(work))
    , m_dir(m_work / "cluster")
    , m_ctldPort(ctldPort)
{
}

Ran SlurmTestCluster::start(const std::map<QString, QString>& options)
{
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("PHYLO_SLURMCTLD_PORT", QString::number(m_ctldPort));
    env.insert("PHYLO_SLURMD_PORT", QString::number(m_ctldPort + 1));
    for (const auto& [name, value] : options)
        env.insert(name, value);
    auto ran = runProgram("bash", { clusterScript(), "start", QString::fromStdString(m_dir.string()) }, env, 600000);
    m_up = ran.exitCode == 0;
    return ran;
}

void SlurmTestCluster::stop()
{
    if (m_up)
        runProgram("bash", { clusterScript(), "stop", QString::fromStdString(m_dir.string()) },
            QProcessEnvironment::systemEnvironment());
    m_up = false;
}

QProcessEnvironment SlurmTestCluster::environment(const std::string& extraKeys) const
{
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("SLURM_CONF", QString::fromStdString((m_dir / "slurm.conf").string()));
    const auto text = "[backend]\nshared_dir = \"" + (m_work / "shared").string() + "\"\npoll_s = 0.3\n" + extraKeys;
    const auto config = m_work / ("backend-" + std::to_string(std::hash<std::string> {}(text)) + ".toml");
    writeFile(config, text);
    env.insert("PHYLO_BACKEND_CONFIG", QString::fromStdString(config.string()));
    env.insert("PHYLO_BUILD_CACHE", QString::fromStdString((m_work / "build-cache").string()));
    return env;
}

Ran SlurmTestCluster::slurm(const QString& program, const QStringList& args) const
{
    return runProgram(program, args, environment(), 60000);
}

std::map<std::string, std::vector<std::vector<std::string>>> SlurmTestCluster::runs(const std::set<std::string>& ids,
    const std::vector<std::string>& fields) const
{
    QString format;
    for (const auto& field : fields)
        format += "," + QString::fromStdString(field);
    // With an accounting database: -D lists a requeued job's earlier runs too; else the job completion log.
    auto ran = slurm("sacct", { "-n", "-P", "-X", "-D", "-j", joined(ids), "-o", "JobIDRaw" + format });
    if (ran.exitCode != 0)
        ran = slurm("sacct", { "-c", "-n", "-P", "-j", joined(ids), "-o", "JobID" + format });
    std::map<std::string, std::vector<std::vector<std::string>>> runs;
    std::istringstream lines(ran.output);
    for (std::string line; std::getline(lines, line);) {
        auto values = split(line);
        if (values.size() < 1 + fields.size() || !ids.count(values[0]))
            continue;
        const auto id = values[0];
        values.erase(values.begin());
        runs[id].push_back(std::move(values));
    }
    return runs;
}

std::map<std::string, std::string> SlurmTestCluster::accounted(const std::set<std::string>& ids) const
{
    std::map<std::string, std::string> states;
    for (const auto& [id, recorded] : runs(ids, { "State" }))
        states[id] = recorded.back().front();
    return states;
}

std::string SlurmTestCluster::showJob(const std::string& id) const
{
    return slurm("scontrol", { "show", "job", "-d", QString::fromStdString(id) }).output;
}

} // namespace phylo::test
