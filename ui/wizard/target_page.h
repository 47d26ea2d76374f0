// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "target_check.h"

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QListWidget;

namespace phylo::ui {

/**
 * The wizard's first page: a target directory (typed, browsed for, or one of the bundled examples). Its
 * phylo.toml is checked with the core parser as soon as it is chosen: a summary when valid, else the
 * parser's message with the key it names in bold; Next stays disabled while the target is invalid.
 * Registers the wizard fields "targetDir" and "targetName".
 */
class TargetPage : public QWizardPage
{
    Q_OBJECT
    Q_PROPERTY(QString targetDirectory READ targetDirectory NOTIFY targetChecked)
    Q_PROPERTY(QString targetName READ targetName NOTIFY targetChecked)

public:
    /** Lists the examples under EXAMPLES_DIR (default: bundledExamplesDir()). */
    explicit TargetPage(const QString& examplesDir, QWidget* parent = nullptr);
    explicit TargetPage(QWidget* parent = nullptr);

    /** Shows DIR and checks it (as if the user had chosen it). */
    void setTargetDirectory(const QString& dir);
    /** The checked directory, absolute (empty until one is chosen). */
    QString targetDirectory() const { return m_check.dir; }
    /** The target's [target] name when valid. */
    QString targetName() const { return m_check.name; }
    /** The last check's result. */
    const TargetCheck& check() const { return m_check; }
    /** Checks the directory in the path field again (after the user edited its phylo.toml). */
    void recheck();

    bool isComplete() const override;
    /** Checks the phylo.toml again (it may have been edited since it was chosen): Next goes on only if valid. */
    bool validatePage() override;

Q_SIGNALS:
    /** The target was checked again: valid or not, see check(). */
    void targetChecked();

private:
    void build(const QString& examplesDir);
    void browse();
    void exampleChosen();
    void showCheck();

    QLineEdit* m_dirEdit = nullptr;
    QListWidget* m_examples = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_error = nullptr;
    TargetCheck m_check;
};

} // namespace phylo::ui
