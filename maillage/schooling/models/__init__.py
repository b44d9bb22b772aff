"""The schooling area: schools and pupils, absences imported from schools, the thresholds
that turn them into signals, each young person's school / training / employment status over
time, and the ESF+ participant records of a dropout-prevention project."""

from maillage.schooling.models.absences import (
    Absence,
    AbsenceChange,
    AbsenceStatus,
    HalfDay,
    ThresholdRule,
)
from maillage.schooling.models.esf import (
    AgeBand,
    EsfGender,
    Isced,
    LabourStatus,
    Participant,
    ParticipantResult,
    ResultMoment,
)
from maillage.schooling.models.schools import Enrolment, School, SchoolYear
from maillage.schooling.models.signals import Signal, SignalSource, SignalStatus
from maillage.schooling.models.status import EducationStatus, StatusKind

__all__ = [
    "Absence",
    "AbsenceChange",
    "AbsenceStatus",
    "AgeBand",
    "EducationStatus",
    "Enrolment",
    "EsfGender",
    "HalfDay",
    "Isced",
    "LabourStatus",
    "Participant",
    "ParticipantResult",
    "ResultMoment",
    "School",
    "SchoolYear",
    "Signal",
    "SignalSource",
    "SignalStatus",
    "StatusKind",
    "ThresholdRule",
]
