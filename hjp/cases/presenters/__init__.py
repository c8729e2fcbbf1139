"""What the casework pages show, one module per subject."""

from hjp.cases.presenters.case import CasePresenter

__all__ = ["CasePresenter"]
