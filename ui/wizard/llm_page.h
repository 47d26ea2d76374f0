// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QWidget;

namespace phylo::ui {

/**
 * The wizard's LLM page: offline (the target's declared ideas only) or a provider preset (OpenAI-compatible,
 * Anthropic, a local Ollama server) with its model, base URL and the name of the environment variable that
 * holds the key. A live indicator says whether that variable is set; the key itself is never read into the
 * page, shown or stored. Registers the wizard field "llmOffline".
 */
class LlmPage : public QWizardPage
{
    Q_OBJECT
    Q_PROPERTY(bool offline READ isOffline NOTIFY choiceChanged)

public:
    explicit LlmPage(QWidget* parent = nullptr);

    /** Chooses the preset ID (see llmPresets()) and fills in its base URL and key variable. */
    void setPreset(const QString& id);
    QString presetId() const;
    bool isOffline() const;
    /** "openai" or "anthropic"; empty when offline. */
    QString provider() const;
    QString model() const;
    void setModel(const QString& model);
    QString baseUrl() const;
    void setBaseUrl(const QString& url);
    QString keyEnv() const;
    void setKeyEnv(const QString& name);

    /** True if the key variable is named and set to a non-empty value in this process's environment. */
    bool isKeySet() const;
    /** The indicator's text, e.g. "OPENAI_API_KEY is set" or "OPENAI_API_KEY is not set in this environment". */
    QString keyStatusText() const;
    /** Updates the indicator from the environment (also done on every edit and once a second). */
    void refreshKeyStatus();
    /** Why the page is not complete (a missing model, a bad URL or variable name); empty when it is. */
    QString problem() const;

    bool isComplete() const override;
    /** Next goes on only when the page is complete. */
    bool validatePage() override;

Q_SIGNALS:
    /** The preset or one of the fields changed. */
    void choiceChanged();

private:
    void presetChosen(int index);
    void fieldsEdited();

    QComboBox* m_preset = nullptr;
    QWidget* m_details = nullptr;
    QLineEdit* m_model = nullptr;
    QLineEdit* m_baseUrl = nullptr;
    QLineEdit* m_keyEnv = nullptr;
    QLabel* m_keyStatus = nullptr;
    QLabel* m_problem = nullptr;
    QTimer* m_keyTimer = nullptr;
};

} // namespace phylo::ui
