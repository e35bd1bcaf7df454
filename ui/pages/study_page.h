#pragma once
// The Analyse workspace's "Study" tab: a rating study of the open project as
// figures - diverging stacked bars of the Likert ratings per trace type, one
// per scale, and the paper's key comparison (answer accuracy after SFT beside
// mean interpretability, per trace type) - with the report's statistics
// below and an export of the figures. Loaded on the analysis connection.
#include <QWidget>

#include <optional>

#include "core/store/study_report.h"
#include "ui/session/request_channel.h"

class QComboBox;
class QLabel;

namespace ts::ui {

class AccuracyInterpretabilityChart;
class LikertChart;
class ProjectSession;

struct StudyPageData {
    std::vector<std::string> studies;
    std::string shown;  // the study drawn ("" when the project has none)
    std::vector<store::ArmFigure> arms;
    std::string reportText;
};

class StudyPage : public QWidget {
    Q_OBJECT
public:
    explicit StudyPage(ProjectSession* session, QWidget* parent = nullptr);

    void reload();
    const std::optional<StudyPageData>& data() const { return data_; }
    LikertChart* likertChart(int scale) const { return scale == 0 ? interpretability_ : load_; }
    AccuracyInterpretabilityChart* accuracyChart() const { return accuracy_; }
    // The three figures as one widget (what Export saves).
    QWidget* figuresWidget() const { return figures_; }

private:
    void show(StudyPageData d);
    void exportFigures();

    ProjectSession* session_;
    RequestChannel channel_;
    std::optional<StudyPageData> data_;
    QComboBox* studies_ = nullptr;
    QLabel* empty_ = nullptr;
    QWidget* figures_ = nullptr;
    LikertChart* interpretability_ = nullptr;
    LikertChart* load_ = nullptr;
    AccuracyInterpretabilityChart* accuracy_ = nullptr;
    QLabel* report_ = nullptr;
};

}  // namespace ts::ui
