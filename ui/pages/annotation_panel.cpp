#include "ui/pages/annotation_panel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QUndoStack>

#include <algorithm>

#include "ui/session/annotation_command.h"
#include "ui/session/annotation_writer.h"
#include "ui/session/project_session.h"
#include "ui/widgets/verdict_style.h"

namespace ts::ui {

namespace {

constexpr store::AnnotationTarget kTargets[] = {
    store::AnnotationTarget::Trace, store::AnnotationTarget::Class,
    store::AnnotationTarget::Retrieval, store::AnnotationTarget::Answer,
    store::AnnotationTarget::Item};

// Button ids of the verdict row: -1 none, else a StepVerdict.
constexpr int kNoOverride = -1;

QToolButton* toggle(const QString& text, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setCheckable(true);
    b->setAutoRaise(false);
    return b;
}

std::vector<std::string> splitTags(const QString& text) {
    std::vector<std::string> tags;
    for (const QString& t : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString s = t.trimmed();
        if (!s.isEmpty()) tags.push_back(s.toStdString());
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    return tags;
}

}  // namespace

AnnotationPanel::AnnotationPanel(ProjectSession* session, AnnotationWriter* writer,
                                 QUndoStack* undo, QWidget* parent)
    : QWidget(parent), session_(session), writer_(writer), undo_(undo) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    target_ = new QComboBox(this);
    for (auto t : kTargets) target_->addItem(QString::fromUtf8(store::toString(t).data()), int(t));
    target_->setToolTip(tr("What the annotation is about; the 1 and 2 keys mark it ok or wrong"));
    form->addRow(tr("Annotate"), target_);

    auto* verdictRow = new QHBoxLayout;
    verdict_ = new QButtonGroup(this);
    verdict_->setExclusive(true);
    const std::pair<int, QString> options[] = {{kNoOverride, tr("no override")},
                                               {int(StepVerdict::Ok), tr("ok (1)")},
                                               {int(StepVerdict::Wrong), tr("wrong (2)")},
                                               {int(StepVerdict::Partial), tr("partial")}};
    for (const auto& [id, text] : options) {
        auto* b = toggle(text, this);
        verdict_->addButton(b, id);
        verdictRow->addWidget(b);
    }
    verdictRow->addStretch();
    form->addRow(tr("Verdict"), verdictRow);

    note_ = new QLineEdit(this);
    note_->setPlaceholderText(tr("a note (saved when you press Enter or leave the field)"));
    form->addRow(tr("Note"), note_);
    tags_ = new QLineEdit(this);
    tags_->setPlaceholderText(tr("comma-separated tags"));
    form->addRow(tr("Tags"), tags_);
    interpretability_ = likertRow(tr("Interpretability"), form,
                                  [](store::Annotation& a, std::optional<int> v) { a.interpretability = v; });
    cognitiveLoad_ = likertRow(tr("Cognitive load"), form,
                               [](store::Annotation& a, std::optional<int> v) { a.cognitiveLoad = v; });
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    form->addRow(status_);
    others_ = new QLabel(this);
    others_->setWordWrap(true);
    others_->setTextFormat(Qt::RichText);
    form->addRow(others_);

    connect(target_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(verdict_, &QButtonGroup::idClicked, this, [this](int id) {
        markCurrentTarget(id == kNoOverride ? std::nullopt
                                            : std::optional(static_cast<StepVerdict>(id)));
    });
    connect(note_, &QLineEdit::editingFinished, this, [this] {
        const std::string note = note_->text().toStdString();
        commitEdit([&](store::Annotation& a) { a.note = note; });
    });
    connect(tags_, &QLineEdit::editingFinished, this, [this] {
        const auto tags = splitTags(tags_->text());
        commitEdit([&](store::Annotation& a) { a.tags = tags; });
    });
    setItem(nullptr);
}

QButtonGroup* AnnotationPanel::likertRow(
    const QString& label, QFormLayout* form,
    std::function<void(store::Annotation&, std::optional<int>)> apply) {
    auto* row = new QHBoxLayout;
    auto* group = new QButtonGroup(this);
    for (int v = 0; v <= 5; ++v) {
        auto* b = toggle(v == 0 ? QStringLiteral("–") : QString::number(v), this);
        b->setToolTip(v == 0 ? tr("no rating") : tr("%1 of 5").arg(v));
        group->addButton(b, v);
        row->addWidget(b);
    }
    row->addStretch();
    form->addRow(label, row);
    connect(group, &QButtonGroup::idClicked, this, [this, apply](int v) {
        commitEdit([&](store::Annotation& a) { apply(a, v == 0 ? std::nullopt : std::optional(v)); });
    });
    return group;
}

store::AnnotationTarget AnnotationPanel::target() const {
    return static_cast<store::AnnotationTarget>(target_->currentData().toInt());
}

void AnnotationPanel::setTarget(store::AnnotationTarget target) {
    target_->setCurrentIndex(target_->findData(int(target)));
}

void AnnotationPanel::setItem(const ItemViewData* data) {
    if (data && data->hasRun())
        data_ = *data;
    else
        data_.reset();
    refresh();
}

void AnnotationPanel::refresh() {
    updating_ = true;
    const bool enabled = data_.has_value();
    // Read-only: the annotations are shown (the target still switches), never edited.
    const bool editable = enabled && !session_->readOnly();
    target_->setEnabled(enabled);
    for (QWidget* w : std::initializer_list<QWidget*>{note_, tags_}) w->setEnabled(editable);
    for (QButtonGroup* g : {verdict_, interpretability_, cognitiveLoad_})
        for (auto* b : g->buttons()) b->setEnabled(editable);
    const std::string annotator = session_->annotator().toStdString();
    const store::Annotation* mine = enabled ? data_->annotation(target(), annotator) : nullptr;
    auto check = [](QButtonGroup* g, int id) {
        if (auto* b = g->button(id)) b->setChecked(true);
    };
    check(verdict_, mine && mine->verdictOverride ? int(*mine->verdictOverride) : kNoOverride);
    note_->setText(mine ? QString::fromStdString(mine->note) : QString());
    QStringList tags;
    if (mine)
        for (const auto& t : mine->tags) tags << QString::fromStdString(t);
    tags_->setText(tags.join(QStringLiteral(", ")));
    check(interpretability_, mine && mine->interpretability ? *mine->interpretability : 0);
    check(cognitiveLoad_, mine && mine->cognitiveLoad ? *mine->cognitiveLoad : 0);
    if (!enabled)
        status_->setText(tr("Select an item of a run to annotate it."));
    else if (session_->readOnly())
        status_->setText(tr("The project is open read-only: annotations are shown, not saved."));
    else if (annotator.empty())
        status_->setText(tr("Set your annotator name in Preferences to annotate."));
    else
        status_->setText(mine ? tr("Saved as %1 (%2).")
                                    .arg(session_->annotator(), QString::fromStdString(mine->updatedAt))
                              : tr("Annotating as %1.").arg(session_->annotator()));
    QStringList others;
    if (enabled)
        for (const auto& a : data_->annotations) {
            if (a.annotator == annotator && a.target == target()) continue;
            QString line = QStringLiteral("<b>%1</b> on %2").arg(
                QString::fromStdString(a.annotator).toHtmlEscaped(),
                QString::fromUtf8(store::toString(a.target).data()));
            if (a.verdictOverride) line += QStringLiteral(": ") + verdictText(*a.verdictOverride);
            if (!a.note.empty())
                line += QStringLiteral(" — “%1”").arg(QString::fromStdString(a.note).toHtmlEscaped());
            others << line;
        }
    others_->setText(others.isEmpty() ? QString() : tr("Also on this item:<br/>") + others.join(QStringLiteral("<br/>")));
    updating_ = false;
}

void AnnotationPanel::markCurrentTarget(std::optional<StepVerdict> verdict) {
    commitEdit([&](store::Annotation& a) { a.verdictOverride = verdict; });
}

void AnnotationPanel::commitEdit(const std::function<void(store::Annotation&)>& change) {
    if (updating_ || !data_ || !writer_ || session_->readOnly()) return;
    const std::string annotator = session_->annotator().toStdString();
    if (annotator.empty()) {
        status_->setText(tr("Set your annotator name in Preferences (Edit > Preferences) first."));
        refresh();
        return;
    }
    std::optional<store::Annotation> before;
    if (const store::Annotation* a = data_->annotation(target(), annotator)) before = *a;
    store::Annotation after = before.value_or(store::Annotation{});
    after.runId = data_->runId;
    after.itemId = data_->item.id;
    after.target = target();
    after.annotator = annotator;
    change(after);
    if (before && before->verdictOverride == after.verdictOverride && before->note == after.note &&
        before->tags == after.tags && before->interpretability == after.interpretability &&
        before->cognitiveLoad == after.cognitiveLoad)
        return;  // nothing changed: no command, no write
    if (!before && !after.verdictOverride && after.note.empty() && after.tags.empty() &&
        !after.interpretability && !after.cognitiveLoad)
        return;
    // Keep the local copy current so a quick second edit has the right "before".
    auto it = std::find_if(data_->annotations.begin(), data_->annotations.end(),
                           [&](const store::Annotation& a) {
                               return a.target == after.target && a.annotator == annotator;
                           });
    if (it != data_->annotations.end())
        *it = after;
    else
        data_->annotations.push_back(after);
    undo_->push(new AnnotationCommand(writer_, before, after, describeAnnotationEdit(before, after)));
    refresh();
}

}  // namespace ts::ui
