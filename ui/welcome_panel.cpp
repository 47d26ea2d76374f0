// SPDX-License-Identifier: GPL-3.0-or-later
#include "welcome_panel.h"

#include "app_icon.h"

#include <QFontDatabase>
#include <QLabel>
#include <QVBoxLayout>

namespace phylo::ui {
namespace {

    QLabel* wrappedLabel(const QString& text, QWidget* parent)
    {
        auto* label = new QLabel(text, parent);
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignHCenter);
        return label;
    }

} // namespace

WelcomePanel::WelcomePanel(QWidget* parent)
    : QWidget(parent)
{
    auto* icon = new QLabel(this);
    icon->setPixmap(appIcon().pixmap(96, 96));
    icon->setAlignment(Qt::AlignHCenter);

    auto* title = new QLabel(tr("PhyloEvolve"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignHCenter);

    auto* command = new QLabel(QStringLiteral("phylo run examples/matmul-cpu --db session.db"), this);
    command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    command->setAlignment(Qt::AlignHCenter);
    command->setFrameShape(QFrame::StyledPanel);
    command->setMargin(8);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(icon);
    layout->addWidget(title);
    layout->addSpacing(16);
    layout->addWidget(wrappedLabel(tr("Start a session here with File ▸ New Session… (Ctrl+N): pick a target or a "
                                      "bundled example, an LLM or offline, and limits."),
        this));
    layout->addSpacing(16);
    layout->addWidget(wrappedLabel(tr("Or run one headless, on a GPU server for instance:"), this));
    layout->addWidget(command, 0, Qt::AlignHCenter);
    layout->addWidget(wrappedLabel(tr("and open its session file here with File ▸ Open Session… (Ctrl+O): the tree "
                                      "follows it live, and steering goes through the file."),
        this));
    layout->addStretch(3);
}

} // namespace phylo::ui
