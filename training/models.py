"""Every model of the training app, gathered where Django looks; each lives in its concern."""

from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    ChainSeal,
    ChangeKind,
    DocumentVersion,
    EvidenceIsImmutable,
    Requirement,
    VersionPublication,
    text_sha256,
)
from training.briefings.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceMethod,
    AttendanceStatus,
    Briefing,
)
from training.figures.models import ItaEvidenceItem
from training.figures.pages import TransparencyPage
from training.figures.report_models import MeasuresReport
from training.knowledge.models import Answer, Attempt, Choice, Question, Quiz, QuizKind
from training.outreach.models import (
    DispatchStatus,
    ReminderKind,
    ReminderLog,
    ReminderStatus,
    SignedLinkDispatch,
)
from training.register.models import (
    GROUP_OF_STAFF_TYPE,
    STAFF_TYPES_BY_GROUP,
    Division,
    Organisation,
    OrganisationRole,
    OrganisationType,
    Person,
    PersonnelGroup,
    RegisterLogEntry,
    StaffType,
    in_post,
)

__all__ = [
    "Answer",
    "Attempt",
    "Choice",
    "Question",
    "Quiz",
    "QuizKind",
    "GROUP_OF_STAFF_TYPE",
    "STAFF_TYPES_BY_GROUP",
    "Acknowledgment",
    "ChainSeal",
    "AcknowledgmentChannel",
    "Attendance",
    "AttendanceCorrection",
    "AttendanceMethod",
    "AttendanceStatus",
    "Briefing",
    "ChangeKind",
    "DispatchStatus",
    "Division",
    "DocumentVersion",
    "EvidenceIsImmutable",
    "ItaEvidenceItem",
    "MeasuresReport",
    "Organisation",
    "OrganisationRole",
    "OrganisationType",
    "Person",
    "PersonnelGroup",
    "RegisterLogEntry",
    "ReminderKind",
    "ReminderLog",
    "ReminderStatus",
    "Requirement",
    "SignedLinkDispatch",
    "StaffType",
    "TransparencyPage",
    "VersionPublication",
    "in_post",
    "text_sha256",
]
