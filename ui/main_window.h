// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QLabel;

namespace phylo::ui {

/**
 * The top-level window: File and Help menus, a status bar showing the open session, and for now a
 * welcome panel in the centre. Opening a session remembers its path; File > Export Report writes its report.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    /** Remembers the session file and shows it in the title and status bar. The file is not read yet. */
    void setSessionPath(const QString& path);
    QString sessionPath() const { return m_sessionPath; }
    /** Exports the open session's report to PATH on a worker thread; reportExported() says how it went. */
    void exportReportTo(const QString& path);

Q_SIGNALS:
    void sessionPathChanged(const QString& path);
    /** ERROR is empty on success. */
    void reportExported(const QString& path, const QString& error);

private:
    void createMenus();
    void chooseSession();
    void chooseReportPath();
    void showAbout();
    void updateTitle();

    QString m_sessionPath;
    QLabel* m_sessionLabel = nullptr;
    QAction* m_exportReport = nullptr;
};

} // namespace phylo::ui
