// SPDX-License-Identifier: GPL-3.0-or-later
#include "llm_page.h"

#include "llm_presets.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace phylo::ui {

LlmPage::LlmPage(QWidget* parent)
    : QWizardPage(parent)
{
    setTitle(tr("Language Model"));
    setSubTitle(tr("Offline, the search combines the ideas declared in phylo.toml. With a model, agents also "
                   "propose new ideas and write their code."));

    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("llmPreset"));
    for (const LlmPreset& preset : llmPresets())
        m_preset->addItem(preset.label, preset.id);

    m_details = new QWidget(this);
    m_model = new QLineEdit(m_details);
    m_model->setObjectName(QStringLiteral("llmModel"));
    m_baseUrl = new QLineEdit(m_details);
    m_baseUrl->setObjectName(QStringLiteral("llmBaseUrl"));
    m_keyEnv = new QLineEdit(m_details);
    m_keyEnv->setObjectName(QStringLiteral("llmKeyEnv"));
    m_keyEnv->setPlaceholderText(tr("e.g. OPENAI_API_KEY (empty: no key)"));
    m_keyEnv->setToolTip(tr("The name of the environment variable that holds the API key. The key itself is "
                            "never shown or stored."));
    m_keyStatus = new QLabel(m_details);
    m_keyStatus->setObjectName(QStringLiteral("llmKeyStatus"));
    m_keyStatus->setWordWrap(true);
    auto* form = new QFormLayout(m_details);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    form->addRow(tr("&Key variable:"), m_keyEnv);
    form->addRow(QString(), m_keyStatus);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("llmProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* layout = new QVBoxLayout(this);
    auto* presetForm = new QFormLayout;
    presetForm->addRow(tr("&Provider:"), m_preset);
    layout->addLayout(presetForm);
    layout->addWidget(m_details);
    layout->addWidget(m_problem);
    layout->addStretch(1);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &LlmPage::presetChosen);
    for (QLineEdit* edit : { m_model, m_baseUrl, m_keyEnv })
        connect(edit, &QLineEdit::textChanged, this, &LlmPage::fieldsEdited);
    // The environment can change under us only from inside the process, but a second is cheap.
    m_keyTimer = new QTimer(this);
    m_keyTimer->setInterval(1000);
    connect(m_keyTimer, &QTimer::timeout, this, &LlmPage::refreshKeyStatus);
    m_keyTimer->start();

    registerField(QStringLiteral("llmOffline"), this, "offline", SIGNAL(choiceChanged()));
    presetChosen(m_preset->currentIndex());
}

void LlmPage::setPreset(const QString& id)
{
    const int index = m_preset->findData(id);
    if (index < 0)
        return;
    if (index == m_preset->currentIndex())
        presetChosen(index); // re-apply the preset's defaults
    else
        m_preset->setCurrentIndex(index);
}

QString LlmPage::presetId() const
{
    return m_preset->currentData().toString();
}

bool LlmPage::isOffline() const
{
    const LlmPreset* preset = findLlmPreset(presetId());
    return !preset || preset->isOffline();
}

QString LlmPage::provider() const
{
    const LlmPreset* preset = findLlmPreset(presetId());
    return preset ? preset->provider : QString();
}

QString LlmPage::model() const
{
    return m_model->text().trimmed();
}

void LlmPage::setModel(const QString& model)
{
    m_model->setText(model);
}

QString LlmPage::baseUrl() const
{
    return m_baseUrl->text().trimmed();
}

void LlmPage::setBaseUrl(const QString& url)
{
    m_baseUrl->setText(url);
}

QString LlmPage::keyEnv() const
{
    return m_keyEnv->text().trimmed();
}

void LlmPage::setKeyEnv(const QString& name)
{
    m_keyEnv->setText(name);
}

void LlmPage::presetChosen(int index)
{
    const LlmPreset* preset = findLlmPreset(m_preset->itemData(index).toString());
    if (!preset)
        return;
    m_details->setEnabled(!preset->isOffline());
    m_details->setVisible(!preset->isOffline());
    m_model->setPlaceholderText(preset->modelExample);
    m_baseUrl->setText(preset->baseUrl);
    m_keyEnv->setText(preset->keyEnv);
    fieldsEdited();
}

void LlmPage::fieldsEdited()
{
    refreshKeyStatus();
    m_problem->setText(problem());
    m_problem->setVisible(!m_problem->text().isEmpty());
    Q_EMIT choiceChanged();
    Q_EMIT completeChanged();
}

bool LlmPage::isKeySet() const
{
    const QString name = keyEnv();
    return isEnvironmentVariableName(name) && !qEnvironmentVariableIsEmpty(name.toLocal8Bit().constData());
}

QString LlmPage::keyStatusText() const
{
    const QString name = keyEnv();
    if (name.isEmpty())
        return tr("No key variable: requests carry no key (fine for a local server).");
    if (!isEnvironmentVariableName(name))
        return tr("Not a variable name: enter the name of the variable that holds the key, not the key.");
    if (isKeySet())
        return tr("✔ %1 is set in this environment.").arg(name);
    return tr("✘ %1 is not set in this environment: set it before the session starts.").arg(name);
}

void LlmPage::refreshKeyStatus()
{
    const QString text = keyStatusText();
    if (m_keyStatus->text() == text)
        return;
    m_keyStatus->setText(text);
    const bool ok = keyEnv().isEmpty() || isKeySet();
    m_keyStatus->setStyleSheet(ok ? QStringLiteral("color: #1b5e20;") : QStringLiteral("color: #b00020;"));
}

QString LlmPage::problem() const
{
    if (isOffline())
        return {};
    if (model().isEmpty())
        return tr("Enter the model's name.");
    if (model().contains(QLatin1Char(',')))
        return tr("The model's name cannot contain a comma.");
    const QUrl url(baseUrl(), QUrl::StrictMode);
    if (baseUrl().isEmpty() || !url.isValid() || url.host().isEmpty()
        || (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https")))
        return tr("Enter the server's base URL (http:// or https://).");
    if (baseUrl().contains(QLatin1Char(',')))
        return tr("The base URL cannot contain a comma.");
    if (!keyEnv().isEmpty() && !isEnvironmentVariableName(keyEnv()))
        return tr("The key variable must be a name of letters, digits and '_' (not the key itself).");
    return {};
}

bool LlmPage::isComplete() const
{
    return problem().isEmpty();
}

bool LlmPage::validatePage()
{
    return isComplete();
}

} // namespace phylo::ui
