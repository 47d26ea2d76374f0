// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

#include <optional>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace phylo::ui {

/**
 * The wizard's last page: how many evaluations, how many in parallel, the search seed, the LLM budget
 * (in USD and/or tokens; only with a model) and the session file to create. The session path defaults to
 * defaultSessionPath() for the chosen target until the user edits it. Reads the fields "targetName" and
 * "llmOffline" when it is shown.
 */
class LimitsPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit LimitsPage(QWidget* parent = nullptr);

    /** Proposes a session path for TARGET_NAME (unless the user typed one). */
    void setTargetName(const QString& targetName);
    /** Offline sessions spend nothing: the budget fields are disabled and budgetUsd()/budgetTokens() empty. */
    void setOffline(bool offline);

    int maxEvals() const;
    void setMaxEvals(int evals);
    int jobs() const;
    void setJobs(int jobs);
    quint64 seed() const;
    void setSeed(quint64 seed);
    std::optional<double> budgetUsd() const;
    void setBudgetUsd(std::optional<double> usd);
    std::optional<qint64> budgetTokens() const;
    void setBudgetTokens(std::optional<qint64> tokens);
    /** Absolute. */
    QString sessionPath() const;
    void setSessionPath(const QString& path);
    /** Why the page is not complete (no session path, a file that exists, a bad seed …); empty when it is. */
    QString problem() const;

    void initializePage() override;
    /** Creates the session file's directory; stays on the page with a message if that fails. */
    bool validatePage() override;
    bool isComplete() const override;

private:
    void browse();
    void changed();

    QSpinBox* m_maxEvals = nullptr;
    QSpinBox* m_jobs = nullptr;
    QLineEdit* m_seed = nullptr;
    QCheckBox* m_useBudgetUsd = nullptr;
    QDoubleSpinBox* m_budgetUsd = nullptr;
    QCheckBox* m_useBudgetTokens = nullptr;
    QLineEdit* m_budgetTokens = nullptr;
    QLineEdit* m_sessionPath = nullptr;
    QLabel* m_problem = nullptr;
    bool m_offline = true;
    bool m_sessionPathEdited = false; ///< the user typed or browsed a path: keep it
    QString m_targetName;
};

} // namespace phylo::ui
