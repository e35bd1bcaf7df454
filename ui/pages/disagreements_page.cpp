#include "ui/pages/disagreements_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QShowEvent>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/delegates/verdict_chip_delegate.h"
#include "ui/export/table_formats.h"
#include "ui/models/agreement_model.h"
#include "ui/models/item_roles.h"
#include "ui/session/project_session.h"
#include "ui/widgets/page_helpers.h"

namespace ts::ui {

namespace {

QString kappaText(const stats::KappaResult& k) {
    return QStringLiteral("κ = %1 (observed %2, chance %3, %4 items)")
        .arg(formatNumber(k.kappa), formatNumber(k.observedAgreement), formatNumber(k.expectedAgreement))
        .arg(k.items);
}

}  // namespace

DisagreementsPage::DisagreementsPage(ProjectSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    target_ = new QComboBox(this);
    for (auto t : {store::AnnotationTarget::Trace, store::AnnotationTarget::Class,
                   store::AnnotationTarget::Retrieval, store::AnnotationTarget::Answer})
        target_->addItem(QString::fromUtf8(store::toString(t).data()), int(t));
    onlyDisagreements_ = new QCheckBox(tr("only disagreements"), this);
    top->addWidget(new QLabel(tr("Overrides of"), this));
    top->addWidget(target_);
    top->addWidget(onlyDisagreements_);
    top->addStretch();
    layout->addLayout(top);
    kappa_ = makeWrappingLabel(this);
    layout->addWidget(kappa_);
    model_ = new AgreementModel(this);
    view_ = new QTableView(this);
    view_->setModel(model_);
    setupListTable(view_);
    view_->setItemDelegate(new VerdictChipDelegate(view_));
    layout->addWidget(view_, 1);

    connect(target_, &QComboBox::activated, this, &DisagreementsPage::reload);
    connect(onlyDisagreements_, &QCheckBox::toggled, this, &DisagreementsPage::reload);
    connect(view_, &QTableView::doubleClicked, this, [this](const QModelIndex& i) {
        Q_EMIT itemActivated(i.data(ItemRole::ItemId).toString());
    });
    connect(session_, &ProjectSession::selectionChanged, this, &DisagreementsPage::reload);
    connect(session_, &ProjectSession::annotationsChanged, this, &DisagreementsPage::reload);
    reload();
}

void DisagreementsPage::reload() {
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    const auto* run = session_->currentRun();
    if (!session_->isOpen() || !run) {
        channel_.invalidate();
        model_->setAgreement({}, false);
        kappa_->setText(tr("Select a run to see its annotators' agreement."));
        return;
    }
    const long long runId = run->id;
    const auto target = static_cast<store::AnnotationTarget>(target_->currentData().toInt());
    session_->analysis().run<AgreementData>(
        this, [=](store::Project& p) { return loadAgreement(p, runId, target); },
        [this](AgreementData d) {
            model_->setAgreement(d, onlyDisagreements_->isChecked());
            QStringList lines;
            if (d.annotators.size() < 2)
                lines << tr("Agreement needs two or more annotators with overrides on this target "
                            "(%1 so far).").arg(d.annotators.size());
            for (const PairKappa& p : d.pairs)
                lines << tr("Cohen, %1 vs %2: %3")
                             .arg(QString::fromStdString(p.a), QString::fromStdString(p.b), kappaText(p.kappa));
            if (d.fleiss) lines << tr("Fleiss, all %1 annotators: %2").arg(d.annotators.size()).arg(kappaText(*d.fleiss));
            kappa_->setText(lines.join(QStringLiteral("<br/>")));
            Q_EMIT loaded();
        },
        [this](const QString& message) { kappa_->setText(tr("Failed: %1").arg(message)); },
        channel_.next());
}

void DisagreementsPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) reload();
}

}  // namespace ts::ui
