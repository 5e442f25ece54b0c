"""Progress figures computed from the review log and the checklist. Never imports textual."""

from studybuddy.stats.figures import Figures, compute, figures_for

__all__ = ["Figures", "compute", "figures_for"]
