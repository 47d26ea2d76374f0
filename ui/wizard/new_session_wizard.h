// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "new_session_request.h"

#include <QWizard>

namespace phylo::ui {

class AppSettings;
class LimitsPage;
class LlmPage;
class TargetPage;

/**
 * File > New Session: target (checked with the core parser), language model, limits and session file.
 * Starts from what AppSettings remembers and, when accepted, remembers the choices again (never a key).
 * request() is the result.
 */
class NewSessionWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId { TargetPageId, LlmPageId, LimitsPageId };

    /** SETTINGS (not owned; may be null: nothing remembered) must outlive the wizard. */
    explicit NewSessionWizard(AppSettings* settings, QWidget* parent = nullptr);
    /** EXAMPLES_DIR replaces bundledExamplesDir() (tests). */
    NewSessionWizard(AppSettings* settings, const QString& examplesDir, QWidget* parent = nullptr);

    /** What the pages hold now (complete once the wizard is accepted). */
    NewSessionRequest request() const;

    TargetPage* targetPage() const { return m_targetPage; }
    LlmPage* llmPage() const { return m_llmPage; }
    LimitsPage* limitsPage() const { return m_limitsPage; }

    /** Remembers the choices in the settings, then closes the wizard as accepted. */
    void accept() override;

private:
    void build(const QString& examplesDir);
    void restore();

    AppSettings* m_settings = nullptr;
    TargetPage* m_targetPage = nullptr;
    LlmPage* m_llmPage = nullptr;
    LimitsPage* m_limitsPage = nullptr;
};

} // namespace phylo::ui
