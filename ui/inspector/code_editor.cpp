// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspector/code_editor.h"

#include "inspector/inspector_style.h"

#include <QEvent>
#include <QPalette>

#include <Qsci/qscilexercpp.h>

namespace phylo::ui {

namespace {

    /// The C++ lexer, with CUDA's qualifiers, built-in variables and common types as its second
    /// keyword set (shown in the KeywordSet2 style).
    class CudaLexer : public QsciLexerCPP
    {
    public:
        using QsciLexerCPP::QsciLexerCPP;

        const char* keywords(int set) const override
        {
            if (set == 2)
                return "__global__ __device__ __host__ __shared__ __constant__ __managed__ __restrict__ "
                       "__forceinline__ __noinline__ __launch_bounds__ __syncthreads __syncwarp "
                       "__shfl_sync __shfl_down_sync __shfl_up_sync __shfl_xor_sync __ldg "
                       "threadIdx blockIdx blockDim gridDim warpSize dim3 cudaStream_t cudaError_t "
                       "float2 float3 float4 double2 int2 int3 int4 half half2 __half __half2";
            return QsciLexerCPP::keywords(set);
        }
    };

} // namespace

CodeEditor::CodeEditor(QWidget* parent)
    : QsciScintilla(parent)
    , m_lexer(new CudaLexer(this))
{
    setUtf8(true);
    setLexer(m_lexer);
    setReadOnly(true);
    setWrapMode(WrapNone);
    setCaretLineVisible(false);
    setFolding(NoFoldStyle);
    setBraceMatching(NoBraceMatch);
    setTabWidth(4);
    setMarginType(0, NumberMargin);
    setMarginLineNumbers(0, true);
    setMarginType(kSymbolMargin, SymbolMargin);
    setMarginWidth(kSymbolMargin, 16);
    setMarginSensitivity(kSymbolMargin, false);
    setAnnotationDisplay(AnnotationStandard);
    setFrameShape(QFrame::NoFrame);
    // The horizontal scroll bar follows the longest line shown instead of a fixed 2000 pixels.
    SendScintilla(SCI_SETSCROLLWIDTH, 1);
    SendScintilla(SCI_SETSCROLLWIDTHTRACKING, 1);
    applyPalette();
}

void CodeEditor::setCode(const QString& text)
{
    SendScintilla(SCI_SETSCROLLWIDTH, 1); // tracking only grows: start again for the new text
    setText(text); // QsciScintilla::setText writes through read-only and clears the undo history
    setMarginWidth(0, QStringLiteral("0%1").arg(lines()));
}

void CodeEditor::changeEvent(QEvent* event)
{
    QsciScintilla::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
}

void CodeEditor::applyPalette()
{
    const QPalette pal = palette();
    const bool dark = style::isDark(pal);
    const QColor paper = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QFont font = style::monospaceFont();
    m_lexer->setDefaultFont(font);
    m_lexer->setFont(font, -1);
    m_lexer->setDefaultPaper(paper);
    m_lexer->setPaper(paper, -1);
    m_lexer->setDefaultColor(text);
    m_lexer->setColor(text, -1);
    // A restrained palette: keywords, types, strings, numbers, comments, preprocessor.
    const QColor keyword = dark ? QColor(0x79, 0xb8, 0xff) : QColor(0x00, 0x3f, 0xb0);
    const QColor cuda = dark ? QColor(0xd2, 0xa8, 0xff) : QColor(0x82, 0x1f, 0xa8);
    const QColor string = dark ? QColor(0xa5, 0xd6, 0xff) : QColor(0x0a, 0x30, 0x69);
    const QColor number = dark ? QColor(0xf0, 0x88, 0x3e) : QColor(0x95, 0x38, 0x00);
    const QColor comment = dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x6e, 0x77, 0x81);
    const QColor preprocessor = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e);
    for (int s : { QsciLexerCPP::Keyword })
        m_lexer->setColor(keyword, s);
    m_lexer->setColor(cuda, QsciLexerCPP::KeywordSet2);
    for (int s : { QsciLexerCPP::DoubleQuotedString, QsciLexerCPP::SingleQuotedString, QsciLexerCPP::RawString })
        m_lexer->setColor(string, s);
    m_lexer->setColor(number, QsciLexerCPP::Number);
    for (int s : { QsciLexerCPP::Comment, QsciLexerCPP::CommentLine, QsciLexerCPP::CommentDoc,
             QsciLexerCPP::CommentLineDoc })
        m_lexer->setColor(comment, s);
    m_lexer->setColor(preprocessor, QsciLexerCPP::PreProcessor);
    for (int s = QsciLexerCPP::InactiveDefault; s <= QsciLexerCPP::InactiveDefault + 27; ++s)
        m_lexer->setColor(comment, s);

    const QColor marginBack = dark ? paper.lighter(115) : paper.darker(104);
    setMarginsBackgroundColor(marginBack);
    setMarginsForegroundColor(style::muted(pal));
    setMarginsFont(font);
    setCaretForegroundColor(text);
    setSelectionBackgroundColor(pal.color(QPalette::Highlight));
    setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    setPaper(paper);
    setColor(text);
}

} // namespace phylo::ui
