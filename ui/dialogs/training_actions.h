#pragma once
// The two menu actions of training: show the dialog, submit its job(s) to the
// job manager (GPU jobs queue behind each other), and refresh the project
// tree when a run was stored. Return the id of the last job submitted, or 0
// when the dialog was cancelled or no trainer is installed (a message says so).
class QWidget;

namespace ts::ui {

class JobManager;
class ProjectSession;

int showFineTuneDialog(QWidget* parent, JobManager* jobs, ProjectSession* session);
int showInferenceDialog(QWidget* parent, JobManager* jobs, ProjectSession* session);

}  // namespace ts::ui
