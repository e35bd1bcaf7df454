#include "ui/study/run_study_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <map>
#include <string>
#include <vector>

#include "core/store/studies.h"
#include "ui/session/project_session.h"

namespace ts::ui {

namespace {

struct Participants {
    std::vector<std::string> ids;      // by slot
    std::map<std::string, int> rated;  // items rated per participant
    int items = 0;
};

}  // namespace

RunStudyDialog::RunStudyDialog(ProjectSession* session, QWidget* parent)
    : QDialog(parent), session_(session) {
    setWindowTitle(tr("Run study"));
    study_ = new QComboBox(this);
    participant_ = new QComboBox(this);
    participant_->setEditable(true);
    participant_->setInsertPolicy(QComboBox::NoInsert);
    participant_->lineEdit()->setPlaceholderText(tr("participant ID"));
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Study:"), study_);
    form->addRow(tr("Participant:"), participant_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    start_ = buttons->addButton(tr("Start rating"), QDialogButtonBox::AcceptRole);
    start_->setDefault(true);
    start_->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(start_, &QPushButton::clicked, this, [this] {
        if (study().isEmpty() || participant().isEmpty()) return;
        Q_EMIT startRequested(study(), participant());
        accept();
    });
    connect(study_, &QComboBox::currentIndexChanged, this, &RunStudyDialog::loadParticipants);
    connect(participant_, &QComboBox::currentTextChanged, this, &RunStudyDialog::updateStatus);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(status_);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(460, 200);

    status_->setText(tr("Reading the project's studies…"));
    session_->reader().run<std::vector<std::string>>(
        this, [](store::Project& p) { return store::listStudies(p); },
        [this](std::vector<std::string> names) {
            {
                const QSignalBlocker block(study_);
                for (const auto& n : names) study_->addItem(QString::fromStdString(n));
            }
            listed_ = true;
            if (names.empty()) {
                status_->setText(tr("This project has no study yet: Study → New study…"));
                Q_EMIT studiesListed(0);
                return;
            }
            loadParticipants();
        },
        [this](const QString& m) { status_->setText(m); });
}

QString RunStudyDialog::study() const {
    return study_->currentText();
}
QString RunStudyDialog::participant() const {
    return participant_->currentText().trimmed();
}

void RunStudyDialog::loadParticipants() {
    const std::string name = study().toStdString();
    if (name.empty()) return;
    session_->reader().run<Participants>(
        this,
        [name](store::Project& p) {
            Participants out;
            const auto s = store::loadStudy(p, name);
            out.ids = s.participants;
            out.items = static_cast<int>(s.items.size());
            for (const auto& r : store::loadRatings(p, s)) ++out.rated[r.participant];
            return out;
        },
        [this](Participants ps) {
            const QString typed = participant();
            const QSignalBlocker block(participant_);
            participant_->clear();
            rated_.clear();
            for (const auto& id : ps.ids) {
                participant_->addItem(QString::fromStdString(id));
                rated_[QString::fromStdString(id)] = ps.rated[id];
            }
            items_ = ps.items;
            participant_->setEditText(typed);
            updateStatus();
            Q_EMIT studiesListed(study_->count());
        },
        [this](const QString& m) { status_->setText(m); });
}

void RunStudyDialog::updateStatus() {
    const QString id = participant();
    start_->setEnabled(listed_ && !study().isEmpty() && !id.isEmpty());
    if (study().isEmpty()) return;
    if (id.isEmpty())
        status_->setText(tr("%n participant(s) registered; type an ID to start.", nullptr,
                            static_cast<int>(rated_.size())));
    else if (!rated_.contains(id))
        status_->setText(tr("'%1' is new: the ID joins the study and starts at item 1.").arg(id));
    else if (rated_.value(id) >= items_)
        status_->setText(tr("'%1' has rated all %2 items.").arg(id).arg(items_));
    else
        status_->setText(tr("'%1' has rated %2 of %3 items and continues where they stopped.")
                             .arg(id)
                             .arg(rated_.value(id))
                             .arg(items_));
}

}  // namespace ts::ui
